import type { Metadata } from "next";
import { cookies } from "next/headers";
import { AppHeader } from "@/components/layout/app-header";
import { Providers } from "@/components/layout/providers";
import { THEME_COOKIE, themeClass } from "@/lib/theme";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Session Console", template: "%s · Session Console" },
  description: "Create, watch and steer agentic coding sessions on Kubernetes.",
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const theme = (await cookies()).get(THEME_COOKIE)?.value;
  return (
    <html lang="en" className={themeClass(theme)} suppressHydrationWarning>
      <body className="min-h-screen">
        <Providers>
          <AppHeader theme={theme === "dark" || theme === "light" ? theme : "system"} />
          <main className="mx-auto w-full max-w-7xl px-4 py-6">{children}</main>
        </Providers>
      </body>
    </html>
  );
}
