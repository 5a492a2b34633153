import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { authenticate } from "./users";

const credentialsSchema = z.object({ email: z.string().email(), password: z.string().min(1).max(200) });

/** Sessions last a working day; the role is re-read from the database on every request. */
const SESSION_SECONDS = 12 * 60 * 60;

export const authOptions: NextAuthOptions = {
  session: { strategy: "jwt", maxAge: SESSION_SECONDS },
  jwt: { maxAge: SESSION_SECONDS },
  pages: { signIn: "/login" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(raw) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) return null;
        const user = await authenticate(parsed.data.email, parsed.data.password);
        return user ? { id: String(user.id), email: user.email, name: user.name, role: user.role } : null;
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        token.uid = Number(user.id);
        token.role = (user as { role?: string }).role;
      }
      return token;
    },
    session({ session, token }) {
      return { ...session, uid: token.uid, role: token.role };
    },
  },
};
