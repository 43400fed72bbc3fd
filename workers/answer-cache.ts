/**
 * The last answers of costly engine calls (campaign effects, matched effects: bootstraps over every
 * member), by question, for one dataset swap: the compass's "what to change" and the benefits panel
 * ask the same question, and going back to a panel asks it again. A swap forgets everything.
 */
export interface AnswerCache {
  /** The answer to `question` under dataset swap `swap`, computed once (a failed computation is not kept). */
  remember<T>(swap: number, question: unknown, compute: () => Promise<T>): Promise<T>;
}

export function createAnswerCache(size = 8): AnswerCache {
  let forSwap = -1;
  const answers = new Map<string, unknown>();
  return {
    async remember<T>(swap: number, question: unknown, compute: () => Promise<T>): Promise<T> {
      if (swap !== forSwap) {
        answers.clear();
        forSwap = swap;
      }
      const key = JSON.stringify(question);
      if (answers.has(key)) return answers.get(key) as T;
      const answer = await compute();
      if (swap !== forSwap) return answer; // the data changed while it ran: do not keep it
      answers.set(key, answer);
      if (answers.size > size) answers.delete(answers.keys().next().value!);
      return answer;
    },
  };
}
