// The Rounds admin page: browser code, no framework. It talks only to the
// Rounds API (same origin, session cookie + CSRF token). Bundled by Vite into
// public/app.js (`npm run build:admin`); index.html loads that one module.
import { loadAudit, wireAuditLog } from "./pages/audit-log.ts";
import { loadPatients, wireConsent } from "./pages/consent.ts";
import { wireDocuments } from "./pages/documents.ts";
import { wireModels } from "./pages/models.ts";
import { wirePlugins } from "./pages/plugins.ts";
import { wirePracticeData } from "./pages/practice-data.ts";
import { wireSchedules } from "./pages/schedules.ts";
import { wireTrainingData } from "./pages/training-data.ts";
import { wireUsage } from "./pages/usage.ts";
import { resumeSession, wireSession } from "./session.ts";
import { onShowTab, wireTabs } from "./tabs.ts";
import { handle } from "./ui/messages.ts";

wireSession();
wireTabs();
wireSchedules();
wireDocuments();
wireModels();
wireTrainingData();
wireConsent();
wireAuditLog();
onShowTab("consent", () => Promise.all([loadPatients(), loadAudit()]));
wireUsage();
wirePlugins();
wirePracticeData();
handle(resumeSession)();
