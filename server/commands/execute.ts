/**
 * Runs a command the one way every write goes: who is asking (401), may their role do it (403), is the
 * object theirs (404, or 403 for public objects), is the input valid (400, naming the fields in Danish),
 * then the work in one unit of work, then the listeners (the seam for the audit record) inside it.
 */
import type { FastifyInstance } from 'fastify';
import { allows } from '../../core/access/policy.ts';
import type { SessionUser } from '../access.ts';
import { AppError, ForbiddenError, InvalidInputError } from '../errors.ts';
import { objectProblem } from '../plugins/access.ts';
import { COMMANDS, type CommandDefinition, type CommandInput, type CommandName, type CommandResult, type Target } from './registry.ts';
import type { UnitOfWork } from './unit-of-work.ts';

/** A command that was carried out, as its listeners see it (inside the same unit of work). */
export interface Executed { command: CommandName; user: SessionUser; target: Target; result: unknown }


export class Commands {
  readonly #app: FastifyInstance;
  readonly #unitOfWork: UnitOfWork;
  readonly #listeners: ((executed: Executed) => void | Promise<void>)[] = [];

  constructor(app: FastifyInstance, unitOfWork: UnitOfWork) {
    this.#app = app;
    this.#unitOfWork = unitOfWork;
  }

  /** Called for every command carried out, inside its unit of work (write the audit record here). */
  onExecuted(listener: (executed: Executed) => void | Promise<void>): void { this.#listeners.push(listener); }

  /** Authorises (401, 403, 404) and runs: the way in for callers without route hooks (the workspace pages). */
  async execute<N extends CommandName>(name: N, user: SessionUser | null, target: Target, input: CommandInput<N> | unknown): Promise<CommandResult<N>> {
    return this.run(name, await this.authorise(name, user, target), target, input);
  }

  /** Who is asking, may their role do it, is the object theirs: the user, or the AppError to answer with. */
  async authorise(name: CommandName, user: SessionUser | null, target: Target): Promise<SessionUser> {
    const { access } = COMMANDS[name] as CommandDefinition;
    if (!user) throw new AppError(401, 'Du skal være logget ind');
    if (!allows(user, access.action)) throw new ForbiddenError();
    if (access.object) {
      const params = Object.fromEntries(Object.entries(target).map(([k, v]) => [k, String(v)]));
      const problem = await objectProblem(this.#app, user, params, access.action, access.object);
      if (problem) throw problem;
    }
    return user;
  }

  /**
   * Validates and runs an authorised command in one unit of work. The API calls it directly: its routes
   * declare the command's own access requirement (`commandAccess`), which the route hooks have checked
   * before the body was read.
   */
  async run<N extends CommandName>(name: N, user: SessionUser, target: Target, input: CommandInput<N> | unknown): Promise<CommandResult<N>> {
    const command = COMMANDS[name] as CommandDefinition;
    const parsed = command.input.safeParse(input);
    if (!parsed.success) throw new InvalidInputError(parsed.error);
    const prepared = command.prepare ? await command.prepare(this.#app, user, target, parsed.data) : undefined;
    return this.#unitOfWork.run(async () => {
      const result = await command.run(this.#app, user, target, parsed.data, prepared);
      for (const listener of this.#listeners) await listener({ command: name, user, target, result });
      return result as CommandResult<N>;
    });
  }
}
