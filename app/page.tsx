import { redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/roles";

/** Sends each role to where its work is. */
export default async function Home() {
  const user = await getCurrentUser();
  if (!user) redirect("/login");
  if (can(user.role, "moderate")) redirect("/queue");
  if (can(user.role, "viewInsights")) redirect("/insights");
  redirect("/exports");
}
