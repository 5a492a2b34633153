import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/options";
import { sessionEndpoint } from "@/lib/auth/session-endpoint";

const handler = NextAuth(authOptions);

// POST too: next-auth answers POST /api/auth/session (its update call) with the session as well.
export const GET = sessionEndpoint(handler);
export const POST = sessionEndpoint(handler);
