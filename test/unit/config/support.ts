/** What `fn` throws, or null when it returns: for asserting on an error's code and details. */
export function errorOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return null;
}
