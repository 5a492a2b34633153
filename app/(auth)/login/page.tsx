import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getCurrentUser } from "@/lib/auth/session";
import { LoginForm } from "./_components/login-form";
import { sameSitePath } from "./same-site";

export const metadata: Metadata = { title: "Sign in" };

const searchSchema = z.object({ next: z.string().startsWith("/").optional().catch(undefined) });

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string>> }) {
  const { next } = searchSchema.parse(await searchParams);
  // Only same-site paths: never redirect to another origin after sign-in.
  const target = sameSitePath(next);
  if (await getCurrentUser()) redirect(target);
  return (
    <main className="login">
      <div className="panel">
        <h1>Comment desk</h1>
        <p className="muted">Sign in to review reader comments, see insights and export reports.</p>
        <LoginForm next={target} />
      </div>
    </main>
  );
}
