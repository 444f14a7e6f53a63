/** What the administrator's pages share: reading an account form, and field errors from a command. */
import type { Fields } from './page.ts';
import { field, serviceProblem } from './page.ts';

/** An account form's fields as the commands take them. */
export function accountInput(fields: Fields) {
  return {
    email: field(fields, 'email'), name: field(fields, 'name'), role: field(fields, 'role') || undefined,
    organisationId: field(fields, 'organisationId'), unitId: field(fields, 'unitId') || null,
    alsoEditor: field(fields, 'alsoEditor') === 'ja',
  };
}

/** A command's refusal as a message (`message` when it names fields) and its errors by field name. */
export function problemOf(err: unknown, message: string): { message: string; errors: Record<string, string> } {
  const problem = serviceProblem(err);
  const errors = Object.fromEntries(Object.entries(problem.fields).map(([k, v]) => [k, v.charAt(0).toUpperCase() + v.slice(1)]));
  return { message: Object.keys(errors).length ? message : problem.message, errors };
}

export const ACCOUNT_LABELS: Record<string, string> = {
  name: 'Navn', email: 'E-mail', role: 'Rolle', organisationId: 'Organisation', unitId: 'Enhed', oneTimePassword: 'Engangsadgangskode',
};
