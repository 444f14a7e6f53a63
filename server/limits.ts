/** Request size limits, in one place: the JSON API and the pages' forms take the same at most. */
export const BODY_LIMIT_BYTES = 256 * 1024;
export const FORM_BODY_LIMIT_KB = BODY_LIMIT_BYTES / 1024;
