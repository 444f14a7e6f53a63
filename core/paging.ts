/** Results per page: search pages on the site, and API lists unless a client asks for another size. */
export const PAGE_SIZE = 20;
