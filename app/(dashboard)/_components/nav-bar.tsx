"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { signOut } from "next-auth/react";

export function NavBar({ links, who }: { links: { href: string; label: string }[]; who: string }) {
  const pathname = usePathname();
  return (
    <nav className="topbar" aria-label="Main">
      <span className="brand">Comment desk</span>
      {links.map((l) => (
        <Link key={l.href} href={l.href} aria-current={pathname.startsWith(l.href) ? "page" : undefined}>
          {l.label}
        </Link>
      ))}
      <span className="who">{who}</span>
      <button type="button" onClick={() => signOut({ callbackUrl: "/login" })}>
        Sign out
      </button>
    </nav>
  );
}
