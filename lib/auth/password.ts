import { hash, verify } from "@node-rs/argon2";
import { randomBytes } from "node:crypto";

/** Argon2id with the library's defaults (memory-hard; OWASP-recommended). */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A readable random password (about 95 bits). */
export function generatePassword(): string {
  return randomBytes(12).toString("base64url").replace(/[-_]/g, "x") + "-" + randomBytes(4).toString("hex");
}

export const MIN_PASSWORD_LENGTH = 10;
/** Longer is refused at sign-in (hashing is deliberately slow), so it is refused when set too. */
export const MAX_PASSWORD_LENGTH = 200;
