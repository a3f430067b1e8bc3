/**
 * A fingerprint of a text, for telling whether a file still has the text a build saw
 * (src/rubric/index.ts, the shipped rubric; scripts/gen-schemas.mjs writes it, importing this
 * file as it is: no imports, nothing but erasable types). Its length and two 32-bit lanes of a
 * multiply-xor hash over its UTF-16 code units (the mixing of cyrb53), as hex. Not a cryptographic
 * hash, and none is needed: no one gains by a rubric that collides with the shipped one. It avoids
 * node:crypto, whose first use costs a cold process tens of milliseconds (OpenSSL and Node's
 * streams are loaded for it), in every `kubegrade check`.
 */
export function textDigest(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  const hex = (n: number) => (n >>> 0).toString(16).padStart(8, '0');
  return `${text.length}:${hex(h2)}${hex(h1)}`;
}
