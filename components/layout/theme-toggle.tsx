"use client";

import { Monitor, Moon, Sun } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { THEME_COOKIE, nextTheme, type Theme } from "@/lib/theme";

const ICONS = { light: Sun, dark: Moon, system: Monitor } as const;

export function ThemeToggle({ initial }: { initial: Theme }) {
  const [theme, setTheme] = useState<Theme>(initial);
  const Icon = ICONS[theme];
  const cycle = () => {
    const next = nextTheme(theme);
    setTheme(next);
    const root = document.documentElement;
    root.classList.remove("light", "dark");
    if (next !== "system") root.classList.add(next);
    document.cookie = `${THEME_COOKIE}=${next === "system" ? "" : next}; path=/; max-age=${next === "system" ? 0 : 31536000}; samesite=strict`;
  };
  return (
    <Button variant="ghost" size="icon" onClick={cycle} aria-label={`Theme: ${theme} (click to change)`} title={`Theme: ${theme}`}>
      <Icon />
    </Button>
  );
}
