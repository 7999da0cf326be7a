/** The longest `error` a client may give when stopping an execution or failing a task (AWS's limit). */
export const MAX_ERROR_LENGTH = 256;

/** The longest `cause` a client may give when stopping an execution or failing a task (AWS's limit). */
export const MAX_CAUSE_LENGTH = 32_768;
