import { AsyncSlot } from './async-slot.js';

/**
 * The answer of the request being served, when the request must keep it (it came with an
 * Idempotency-Key): the API surface says how a command's result becomes the answer's body
 * (`render`), and the transaction that makes the change (`UnitOfWork.run` with `answersRequest`)
 * stores that body with it (`keep`). A retry then finds the first answer exactly when the change
 * committed.
 */
export interface RequestAnswer {
  /** the body the surface answers for this result; undefined: no answer to keep (an error answer) */
  render: ((result: unknown) => unknown) | null;
  /** stores the body in the current transaction; throws when this request no longer holds its key */
  keep(body: unknown): Promise<void>;
  /** set once a transaction that kept the answer has committed */
  kept: boolean;
}

const storage = new AsyncSlot<RequestAnswer>();

export const RequestAnswers = {
  /** Runs `work` (the request's handling) with `answer` as the request's answer to keep. */
  run<T>(answer: RequestAnswer, work: () => T): T {
    return storage.run(answer, work);
  },
  current(): RequestAnswer | undefined {
    return storage.getStore();
  },
};
