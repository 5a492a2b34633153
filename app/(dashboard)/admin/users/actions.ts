"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { actionWithRole } from "@/lib/auth/guard";
import { createUser, createUserSchema, updateUser, userUpdateSchema } from "@/lib/auth/users";
import { revokeToken } from "@/lib/auth/tokens";

/** Creates a user; returns the generated password once when none was typed. */
export const createUserAction = actionWithRole("administer", async (_admin, input: unknown) => {
  const data = createUserSchema.parse(input);
  const { user, password } = await createUser(data);
  revalidatePath("/admin/users");
  return { email: user.email, role: user.role, password: data.password ? null : password };
});

const updateArgs = z.object({ id: z.number().int().positive(), changes: userUpdateSchema });

/** Changes a user's role or deactivates / reactivates them (effective on their next request). */
export const updateUserAction = actionWithRole("administer", async (_admin, input: unknown) => {
  const { id, changes } = updateArgs.parse(input);
  const user = await updateUser(id, changes);
  revalidatePath("/admin/users");
  return user;
});

export const revokeTokenAction = actionWithRole("administer", async (_admin, id: unknown) => {
  await revokeToken(z.number().int().positive().parse(id));
  revalidatePath("/admin/users");
});
