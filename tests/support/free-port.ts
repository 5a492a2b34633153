export { freePort } from "@/lib/runtime/free-port";
