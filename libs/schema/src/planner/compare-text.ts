// Code-point ordering for plan output. localeCompare depends on the ICU data of the Node build,
// and a plan must come out in the same order on every machine.
export function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
