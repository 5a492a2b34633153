import Link from "next/link";

export default function Forbidden() {
  return (
    <div className="panel" style={{ maxWidth: 640, margin: "2rem auto" }}>
      <h1>Not available to your role</h1>
      <p>Your account is signed in, but its role does not include this page. Ask an administrator if you need it.</p>
      <Link href="/">Back to your start page</Link>
    </div>
  );
}
