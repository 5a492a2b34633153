"use client";

/**
 * The same page for a failure in the dashboard's own layout (which reads the signed-in user from the
 * database, so a database restart fails there first): a segment's error page does not catch its layout.
 */
export { default } from "./(dashboard)/error";
