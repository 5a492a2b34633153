"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { dbId, dbText } from "@/lib/zod-fields";
import { actionWithRole } from "@/lib/auth/guard";
import { DomainError } from "@/lib/errors";
import { createUser, createUserSchema, resetPassword, unlockUser, updateUser, userUpdateSchema } from "@/lib/auth/users";
import { issueTokenFor, revokeToken } from "@/lib/auth/tokens";
import { recordActivity } from "@/lib/activity";

/** Creates a user; returns the generated password once when none was typed. */
export const createUserAction = actionWithRole("administer", async (admin, input: unknown) => {
  const data = createUserSchema.parse(input);
  const { user, password } = await createUser(data);
  await recordActivity({ userId: admin.id, via: "ui", action: "created a user", subject: user.email, detail: { role: user.role } });
  revalidatePath("/admin/users");
  return { email: user.email, role: user.role, password: data.password ? null : password };
});

const updateArgs = z.object({
  id: dbId,
  changes: userUpdateSchema,
  /** The role and access the row showed: a change another admin made since is not overwritten. */
  expected: z.object({ role: z.string().max(20).optional(), active: z.boolean().optional() }).optional(),
});

/** Changes a user's role or deactivates / reactivates them (effective on their next request). */
export const updateUserAction = actionWithRole("administer", async (admin, input: unknown) => {
  const { id, changes, expected } = updateArgs.parse(input);
  const { changes: made, ...user } = await updateUser(id, changes, expected);
  // One entry per change made, none when the account was so already.
  for (const action of made) {
    await recordActivity({ userId: admin.id, via: "ui", subject: user.email, detail: { ...changes, before: expected ?? null }, action });
  }
  revalidatePath("/admin/users");
  return user;
});

export const revokeTokenAction = actionWithRole("administer", async (admin, id: unknown) => {
  const tokenId = dbId.parse(id);
  await revokeToken(tokenId);
  await recordActivity({ userId: admin.id, via: "ui", action: "revoked an API token", subject: `token ${tokenId}` });
  revalidatePath("/admin/users");
});

const userId = dbId;

/** A new generated password for a user, shown once; also lifts a sign-in lockout. */
export const resetPasswordAction = actionWithRole("administer", async (admin, id: unknown) => {
  const target = userId.parse(id);
  // It would end the admin's own session before they saw the new password.
  if (target === admin.id) throw new DomainError("not your own password here: it would sign you out before you saw the new one; ask another admin, or use npm run user -- reset-password", 409);
  const result = await resetPassword(target);
  await recordActivity({ userId: admin.id, via: "ui", action: "reset a password", subject: result.email });
  revalidatePath("/admin/users");
  return result;
});

/** Forgets an account's failed sign-ins, so its owner can try again now. */
export const unlockUserAction = actionWithRole("administer", async (admin, id: unknown) => {
  const result = await unlockUser(userId.parse(id));
  await recordActivity({ userId: admin.id, via: "ui", action: "lifted a sign-in lock", subject: result.email });
  revalidatePath("/admin/users");
  return result;
});

const tokenArgs = z.object({ id: userId, name: dbText.trim().min(1, "name the token (what it is for)").max(60) });

/** Issues an API token acting as the user; the secret is shown once. */
export const issueTokenAction = actionWithRole("administer", async (admin, input: unknown) => {
  const { id, name } = tokenArgs.parse(input);
  const issued = await issueTokenFor(id, name, admin.id);
  await recordActivity({ userId: admin.id, via: "ui", action: "issued an API token", subject: issued.email, detail: { name } });
  revalidatePath("/admin/users");
  return issued;
});
