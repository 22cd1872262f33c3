/** Sessions per page in lists (server first paint and browser "load more" alike). */
export const SESSION_PAGE_SIZE = 50;
