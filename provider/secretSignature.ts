/**
 * Pulumi's marker of a secret value: an object holding this key with this
 * value, the same in a checkpoint (`pulumi stack export`, with `plaintext` or
 * `ciphertext`) and on the provider protocol (with `value`).
 */
export const SECRET_SIGNATURE_KEY = "4dabf18193072939515e22adb298388d";
/** The value of {@link SECRET_SIGNATURE_KEY} that marks a secret. */
export const SECRET_SIGNATURE = "1b47061264138c4ac30d75fd1eb44270";

/** True for a value marked secret, in either form. */
export function isSecretValue(value: unknown): boolean {
  return (
    value !== null &&
    typeof value === "object" &&
    (value as Record<string, unknown>)[SECRET_SIGNATURE_KEY] === SECRET_SIGNATURE
  );
}
