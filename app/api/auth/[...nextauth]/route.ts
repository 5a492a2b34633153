import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/options";
import { sessionEndpoint } from "@/lib/auth/session-endpoint";

const handler = NextAuth(authOptions);

export const GET = sessionEndpoint(handler);
export { handler as POST };
