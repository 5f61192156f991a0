/** Short random ids with a readable prefix ("spk-", "turn-", "clip-", "take-"); Web Crypto, so Node and the renderer alike. */
export function newId(prefix: 'spk' | 'turn' | 'clip' | 'take'): string {
  return `${prefix}-${globalThis.crypto.randomUUID().replace(/-/g, '').slice(0, 12)}`;
}
