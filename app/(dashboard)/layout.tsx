import { getCurrentUser } from "@/lib/auth/session";
import { can, type Capability } from "@/lib/auth/roles";
import { NavBar } from "./_components/nav-bar";

const LINKS: { href: string; label: string; capability: Capability }[] = [
  { href: "/queue", label: "Queue", capability: "moderate" },
  { href: "/threads", label: "Threads", capability: "moderate" },
  { href: "/audit", label: "Audit log", capability: "moderate" },
  { href: "/insights", label: "Insights", capability: "viewInsights" },
  { href: "/exports", label: "Exports", capability: "export" },
  { href: "/imports", label: "Imports", capability: "import" },
  { href: "/admin/users", label: "Users", capability: "administer" },
  { href: "/admin/settings", label: "Settings", capability: "administer" },
  { href: "/admin/exports", label: "Export log", capability: "administer" },
  { href: "/admin/activity", label: "Activity", capability: "administer" },
];

export default async function DashboardLayout({ children }: { children: React.ReactNode }) {
  const user = await getCurrentUser();
  // Each page checks its own capability and sends signed-out visitors to sign-in
  // with a way back; the layout only decides what the navigation shows.
  if (!user) return <main id="content">{children}</main>;
  const links = LINKS.filter((l) => can(user.role, l.capability)).map(({ href, label }) => ({ href, label }));
  return (
    <>
      <a className="skip-link" href="#content">
        Skip to content
      </a>
      <NavBar links={links} who={`${user.email} (${user.role})`} />
      <main id="content">{children}</main>
    </>
  );
}
