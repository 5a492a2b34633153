import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/guard";
import { listUsers } from "@/lib/auth/users";
import { CreateUserForm } from "./_components/create-user-form";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  await requirePageUser("administer", "/admin/users");
  const users = await listUsers();
  return (
    <>
      <h1>Users</h1>
      <section className="panel">
        <table>
          <thead>
            <tr>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Active</th>
              <th scope="col">Last sign-in</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id}>
                <td>{u.email}</td>
                <td>{u.role}</td>
                <td>{u.active ? "yes" : "no"}</td>
                <td>{u.lastLoginAt ? u.lastLoginAt.toISOString().replace("T", " ").slice(0, 16) + " UTC" : "never"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="panel">
        <h2>Add a user</h2>
        <CreateUserForm />
      </section>
    </>
  );
}
