/**
 * A failure inside the gateway that callers tell apart by `code`, never by its message (which is for the operator and
 * may be reworded). Not a client-facing error: GraphQL answers carry the codes of `src/errors.ts`.
 */
export class InternalError<Code extends string> extends Error {
  constructor(
    readonly code: Code,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}
