/**
 * The administrator's account commands over the user directory: a role belongs to the right kind of
 * organisation (and a caseworker to one of its units); a new account or a reset gets a one-time password,
 * made here when the administrator gives none, and shown to them once.
 */
import { randomInt } from 'node:crypto';
import { roleProblem, type AccountInput } from '../../core/access/accounts.ts';
import { AppError } from '../errors.ts';
import type { OrganisationService } from './organisations.ts';
import type { UserService } from './users.ts';

/** Letters and digits that cannot be mistaken for one another when read aloud or copied by hand. */
const READABLE = 'abcdefghjkmnpqrstuvwxyz23456789';

/** A one-time password of 16 readable characters in groups of four (about 79 bits). */
export function makeOneTimePassword(): string {
  const chars = Array.from({ length: 16 }, () => READABLE[randomInt(READABLE.length)]);
  return [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join('')).join('-');
}

/** A one-time password and its hash (made before the unit of work); `made` when the portal chose it. */
export interface OneTimePassword { password: string; made: boolean; hash: string }

export class AccountService {
  readonly #users: UserService;
  readonly #organisations: OrganisationService;

  constructor(users: UserService, organisations: OrganisationService) {
    this.#users = users;
    this.#organisations = organisations;
  }

  async create(input: AccountInput & { oneTimePassword?: string }, password: OneTimePassword): Promise<{ id: number; oneTimePassword: string | null }> {
    await this.#check(input);
    const { oneTimePassword: _given, ...account } = input;
    const user = await this.#users.createAccount(normalised(account), password.hash);
    this.#users.named(user.id, user.name);
    return { id: user.id, oneTimePassword: password.made ? password.password : null };
  }

  async update(id: number, input: AccountInput): Promise<{ id: number }> {
    await this.#check(input);
    await this.#users.updateAccount(id, normalised(input));
    return { id };
  }

  async setActive(id: number, active: boolean): Promise<{ id: number; active: boolean }> {
    await this.#users.setActive(id, active);
    return { id, active };
  }

  async resetPassword(id: number, password: OneTimePassword): Promise<{ id: number; oneTimePassword: string | null }> {
    await this.#users.setOneTimePassword(id, password.hash);
    return { id, oneTimePassword: password.made ? password.password : null };
  }

  async #check(input: AccountInput): Promise<void> {
    const problem = roleProblem(input, await this.#organisations.get(input.organisationId));
    if (problem) throw new AppError(400, `${problem.field}: ${problem.message}`, { fields: [problem] });
  }
}

/** Only providers are "also editors"; only caseworkers have a unit. */
const normalised = (input: AccountInput): AccountInput => ({
  ...input,
  alsoEditor: input.role === 'provider' && input.alsoEditor,
  unitId: input.role === 'caseworker' ? input.unitId : null,
});
