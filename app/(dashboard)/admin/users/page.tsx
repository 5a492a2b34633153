import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/guard";
import { listUsers } from "@/lib/auth/users";
import { listTokens } from "@/lib/auth/tokens";
import { lockedAccounts } from "@/lib/auth/rate-limit";
import { CreateUserForm } from "./_components/create-user-form";
import { RevokeTokenButton, UserRowControls } from "./_components/user-row-controls";
import { TableScroll } from "../../_components/table-scroll";
import { when } from "../../_lib/when";
import { newsroomZone } from "../../_lib/zone";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const me = await requirePageUser("administer", "/admin/users");
  const [users, tokens, timeZone, locked] = await Promise.all([listUsers(), listTokens(), newsroomZone(), lockedAccounts()]);
  const atOrNever = (d: Date | null) => (d ? when(d, timeZone) : "never");
  return (
    <>
      <h1>Users</h1>
      <section className="panel">
        <p className="muted">
          Role changes and deactivation take effect on the user’s next request. Deactivating revokes the user’s API tokens and ends their sessions; reactivating brings neither back.
          After five failed sign-ins in 15 minutes an account is locked for the rest of that time; Unlock (or a new password) lifts it.
        </p>
        <TableScroll>
          <table aria-label="Users">
            <thead>
              <tr>
                <th scope="col">Email</th>
                <th scope="col">Status</th>
                <th scope="col">Last sign-in</th>
                <th scope="col">Role and access</th>
              </tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <tr key={u.id}>
                  <td>{u.email}{u.id === me.id ? " (you)" : ""}</td>
                  <td>
                    {u.active ? "active" : "deactivated"}
                    {locked.has(u.email) && <div className="small warning">locked for {locked.get(u.email)} more min</div>}
                  </td>
                  <td>{atOrNever(u.lastLoginAt)}</td>
                  <td><UserRowControls id={u.id} email={u.email} role={u.role} active={u.active} lockedMinutes={locked.get(u.email) ?? null} self={u.id === me.id} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </section>
      <section className="panel">
        <h2>Add a user</h2>
        <CreateUserForm />
      </section>
      <section className="panel" aria-labelledby="tokens-title">
        <h2 id="tokens-title">API tokens</h2>
        <p className="muted">Issued above (Issue token) or with <code>npm run user -- token --email E</code>; a token acts with its user’s role. Only a hash is stored.</p>
        {tokens.length === 0 ? (
          <p className="muted">No tokens issued.</p>
        ) : (
          <TableScroll>
            <table aria-label="API tokens">
              <thead>
                <tr><th scope="col">Token</th><th scope="col">User</th><th scope="col">Created</th><th scope="col">Issued by</th><th scope="col">Last used</th><th scope="col">State</th></tr>
              </thead>
              <tbody>
                {tokens.map((t) => (
                  <tr key={t.id}>
                    <td><code>{t.prefix}…</code> {t.name}</td>
                    <td>{t.email}</td>
                    <td>{atOrNever(t.createdAt)}</td>
                    <td>{t.issuedBy ?? "command line"}</td>
                    <td>{atOrNever(t.lastUsedAt)}</td>
                    <td>
                      <RevokeTokenButton id={t.id} label={`${t.prefix}… of ${t.email}`} revoked={t.revokedAt ? `revoked ${atOrNever(t.revokedAt)}` : null} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </section>
    </>
  );
}
