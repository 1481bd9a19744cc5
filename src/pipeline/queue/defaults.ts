/** Defaults of the distributed mode, apart from the queue code so that the CLI's help loads no Redis client. */
export const DEFAULT_QUEUE_NAME = "nianbao-documents";

/** Tries per document before it is a dead letter. */
export const DEFAULT_ATTEMPTS = 3;
