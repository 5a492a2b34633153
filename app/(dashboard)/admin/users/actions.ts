"use server";

import { revalidatePath } from "next/cache";
import { actionWithRole } from "@/lib/auth/guard";
import { createUser, createUserSchema } from "@/lib/auth/users";

/** Creates a user; returns the generated password once when none was typed. */
export const createUserAction = actionWithRole("administer", async (_admin, input: unknown) => {
  const data = createUserSchema.parse(input);
  const { user, password } = await createUser(data);
  revalidatePath("/admin/users");
  return { email: user.email, role: user.role, password: data.password ? null : password };
});
