/** Page size when the client asks for none. */
export const DEFAULT_PAGE_SIZE = 20;

/** The largest page a client may ask for: bounds the cost of one request. */
export const MAX_PAGE_SIZE = 100;
