// The pages of the app: path pattern, page function, who may open it, and the title's translation key.

import { dashboardPage, repPage } from "./pages/dashboard.js";
import { disputesPage } from "./pages/disputes.js";
import { editorPage } from "./pages/editor.js";
import { leaderboardPage } from "./pages/leaderboard.js";
import { loginPage } from "./pages/login.js";
import { peoplePage } from "./pages/people.js";
import { normsPage } from "./pages/norms.js";
import { plansPage } from "./pages/plans.js";
import { drillPage, practiceHome } from "./pages/practice.js";
import { progressPage } from "./pages/progress.js";
import { scenarioList } from "./pages/scenarios.js";
import { stopPhrasesPage } from "./pages/stopphrases.js";
import { teamPage } from "./pages/team.js";
import { testPage, testsHome } from "./pages/tests.js";
import { trackList, trackPage } from "./pages/tracks.js";

export const routes = [
  { pattern: /^\/login$/, page: loginPage, public: true, title: "login.title" },
  { pattern: /^\/practice$/, page: practiceHome, title: "practice.title" },
  { pattern: /^\/practice\/(\d+)$/, page: drillPage, title: "practice.drillTitle" },
  { pattern: /^\/tests$/, page: testsHome, title: "tests.title" },
  { pattern: /^\/tests\/(\d+)$/, page: testPage, title: "tests.testTitle" },
  { pattern: /^\/progress$/, page: progressPage, title: "progress.title" },
  { pattern: /^\/leaderboard$/, page: leaderboardPage, title: "leaderboard.title" },
  { pattern: /^\/trainer\/scenarios$/, page: scenarioList, role: "trainer", title: "scenarios.title" },
  { pattern: /^\/trainer\/scenarios\/new$/, page: (main) => editorPage(main), role: "trainer", title: "editor.newTitle" },
  { pattern: /^\/trainer\/scenarios\/(\d+)$/, page: editorPage, role: "trainer", title: "editor.pageTitle" },
  { pattern: /^\/trainer\/tracks$/, page: trackList, role: "trainer", title: "tracks.title" },
  { pattern: /^\/trainer\/tracks\/new$/, page: (main) => trackPage(main), role: "trainer", title: "tracks.new" },
  { pattern: /^\/trainer\/tracks\/(\d+)$/, page: trackPage, role: "trainer", title: "tracks.pageTitle" },
  { pattern: /^\/trainer\/disputes$/, page: disputesPage, role: "trainer", title: "disputes.title" },
  { pattern: /^\/trainer\/stop-phrases$/, page: stopPhrasesPage, role: "trainer", title: "stopPhrases.title" },
  { pattern: /^\/trainer\/norms$/, page: normsPage, role: "trainer", title: "norms.title" },
  { pattern: /^\/trainer\/plans$/, page: plansPage, role: "trainer", title: "plans.title" },
  { pattern: /^\/trainer\/team$/, page: teamPage, role: "trainer", title: "team.title" },
  { pattern: /^\/head$/, page: dashboardPage, role: "head", title: "dashboard.title" },
  { pattern: /^\/head\/reps\/(\d+)$/, page: repPage, role: "head", title: "dashboard.repTitle" },
  { pattern: /^\/admin\/people$/, page: peoplePage, role: "admin", title: "people.title" },
];
