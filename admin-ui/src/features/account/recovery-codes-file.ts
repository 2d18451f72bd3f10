// Recovery codes as a text file: what "Copy" and "Download" hand over.

export function recoveryCodesText(codes: readonly string[], host = globalThis.location?.host ?? ''): string {
  const heading = host ? `Stagecraft recovery codes (${host})` : 'Stagecraft recovery codes';
  return `${heading}\nEach code works once.\n\n${codes.join('\n')}\n`;
}

export function downloadRecoveryCodes(codes: readonly string[]): void {
  const url = URL.createObjectURL(new Blob([recoveryCodesText(codes)], { type: 'text/plain' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = 'stagecraft-recovery-codes.txt';
  link.click();
  URL.revokeObjectURL(url);
}
