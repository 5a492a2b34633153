import type { Metadata } from "next";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Comment desk", template: "%s · Comment desk" },
  description: "Moderation and sentiment dashboard for reader comments",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
