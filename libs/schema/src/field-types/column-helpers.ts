// Small helpers the type modules share when describing their column: which index an option set
// asks for (a unique constraint already brings one).
export function indexMethod(
  options: { unique?: boolean; indexed?: boolean },
  method: 'btree' | 'gin' = 'btree',
): 'btree' | 'gin' | null {
  if (options.unique === true || options.indexed !== true) return null;
  return method;
}
