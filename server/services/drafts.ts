/**
 * Form input kept across a login: when a session has expired, the submitted form is parked here and the
 * user comes back to the form, filled in, after signing in again. In memory, short-lived and bounded:
 * drafts hold case data, so they are never written to disk and are gone after use.
 */
import { randomBytes } from 'node:crypto';

const TTL_MS = 30 * 60 * 1000;
const MAX_DRAFTS = 500;
const MAX_DRAFT_BYTES = 64 * 1024;

interface Draft { path: string; fields: Record<string, string | string[]>; expires: number }

export class DraftStore {
  #drafts = new Map<string, Draft>();

  /** Parks the fields for the form at `path`; returns the draft's key, or null when it is too large. */
  save(path: string, fields: Record<string, string | string[]>): string | null {
    if (JSON.stringify(fields).length > MAX_DRAFT_BYTES) return null;
    this.#sweep();
    while (this.#drafts.size >= MAX_DRAFTS) this.#drafts.delete(this.#drafts.keys().next().value!);
    const key = randomBytes(16).toString('base64url');
    this.#drafts.set(key, { path, fields, expires: Date.now() + TTL_MS });
    return key;
  }

  /** The draft for the form at `path`, removed as it is read. */
  take(key: string | null | undefined, path: string): Record<string, string | string[]> | null {
    if (!key) return null;
    const draft = this.#drafts.get(key);
    if (!draft || draft.path !== path || draft.expires < Date.now()) return null;
    this.#drafts.delete(key);
    return draft.fields;
  }

  #sweep(): void {
    const now = Date.now();
    for (const [key, draft] of this.#drafts) if (draft.expires < now) this.#drafts.delete(key);
  }
}
