import Link from "next/link";

export default function NotFound() {
  return (
    <div className="panel" style={{ maxWidth: 640, margin: "2rem auto" }}>
      <h1>Not found</h1>
      <p>There is nothing at this address.</p>
      <Link href="/">Back to your start page</Link>
    </div>
  );
}
