/** "1 comment", "2,000 comments": counts as the pages print them. */
export const plural = (n: number, one: string) => `${n.toLocaleString("en")} ${one}${n === 1 ? "" : "s"}`;
