// Every page of the portal in one table: the router and the navigation are built from it.
// A new page is one entry here (lazy, so each audience's pages load only when visited).
import type { AnyComponent } from "preact";
import { lazy } from "preact-iso";
import type { Access } from "./components/Guard";
import type { TKey } from "./i18n";
import type { Audience } from "./lib/viewer";
import { HomePage } from "./pages/HomePage";

export interface PageRoute {
  path: string;
  // preact-iso passes route params as props; each page declares the ones it reads.
  component: AnyComponent<any>;
  /** Shown in the navigation of these audiences under this label. */
  nav?: { label: TKey; audience: Audience | readonly Audience[] };
  /** Present: signed-in accounts only (and of these roles, when listed). */
  access?: Access;
}

const page = <M,>(load: () => Promise<M>, pick: (module: M) => AnyComponent<any>) =>
  lazy(() => load().then(pick));

const PersonalHomePage = page(
  () => import("./pages/home/PersonalHomePage"),
  (m) => m.PersonalHomePage,
);
const DirectoryPage = page(
  () => import("./pages/DirectoryPage"),
  (m) => m.DirectoryPage,
);
const InstitutionPage = page(
  () => import("./pages/InstitutionPage"),
  (m) => m.InstitutionPage,
);
const VerifyPage = page(
  () => import("./pages/VerifyPage"),
  (m) => m.VerifyPage,
);
const SignInPage = page(
  () => import("./pages/SignInPage"),
  (m) => m.SignInPage,
);
const ActivatePage = page(
  () => import("./pages/practitioner/ActivatePage"),
  (m) => m.ActivatePage,
);
const ResetPasswordPage = page(
  () => import("./pages/practitioner/ResetPasswordPage"),
  (m) => m.ResetPasswordPage,
);
const StaffActivatePage = page(
  () => import("./pages/staff/StaffActivatePage"),
  (m) => m.StaffActivatePage,
);
const AccountPage = page(
  () => import("./pages/account/AccountPage"),
  (m) => m.AccountPage,
);
const PasswordPage = page(
  () => import("./pages/account/PasswordPage"),
  (m) => m.PasswordPage,
);
const MobilePage = page(
  () => import("./pages/account/MobilePage"),
  (m) => m.MobilePage,
);
const TotpPage = page(
  () => import("./pages/account/TotpPage"),
  (m) => m.TotpPage,
);
const CertificationPage = page(
  () => import("./pages/practitioner/CertificationPage"),
  (m) => m.CertificationPage,
);
const QueuePage = page(
  () => import("./pages/institution/QueuePage"),
  (m) => m.QueuePage,
);
const AffiliationsPage = page(
  () => import("./pages/institution/AffiliationsPage"),
  (m) => m.AffiliationsPage,
);
const OperatorsPage = page(
  () => import("./pages/institution/OperatorsPage"),
  (m) => m.OperatorsPage,
);
const InstitutionAccountsPage = page(
  () => import("./pages/authority/InstitutionAccountsPage"),
  (m) => m.InstitutionAccountsPage,
);
const AuthorityStaffPage = page(
  () => import("./pages/authority/AuthorityStaffPage"),
  (m) => m.AuthorityStaffPage,
);
const BulkVerifyPage = page(
  () => import("./pages/licences/BulkVerifyPage"),
  (m) => m.BulkVerifyPage,
);
const MachineClientsPage = page(
  () => import("./pages/admin/MachineClientsPage"),
  (m) => m.MachineClientsPage,
);
const ImportIssuesPage = page(
  () => import("./pages/authority/ImportIssuesPage"),
  (m) => m.ImportIssuesPage,
);
const DisputesPage = page(
  () => import("./pages/staff/DisputesPage"),
  (m) => m.DisputesPage,
);

const ApplyPage = page(
  () => import("./pages/applications/ApplyPage"),
  (m) => m.ApplyPage,
);
const EditApplicationPage = page(
  () => import("./pages/applications/EditApplicationPage"),
  (m) => m.EditApplicationPage,
);
const ApplicationPage = page(
  () => import("./pages/applications/ApplicationPage"),
  (m) => m.ApplicationPage,
);
const MyApplicationsPage = page(
  () => import("./pages/applications/ApplicationListPages"),
  (m) => m.MyApplicationsPage,
);
const InstitutionApplicationsPage = page(
  () => import("./pages/applications/ApplicationListPages"),
  (m) => m.InstitutionApplicationsPage,
);
const ReviewQueuePage = page(
  () => import("./pages/applications/ApplicationListPages"),
  (m) => m.ReviewQueuePage,
);
const WorkbenchPage = page(
  () => import("./pages/authority/WorkbenchPage"),
  (m) => m.WorkbenchPage,
);
const MyLicencesPage = page(
  () => import("./pages/licences/MyLicencesPage"),
  (m) => m.MyLicencesPage,
);
const RosterPage = page(
  () => import("./pages/applications/RosterPage"),
  (m) => m.RosterPage,
);
const CataloguePage = page(
  () => import("./pages/applications/CataloguePage"),
  (m) => m.CataloguePage,
);
const NoticeBoardPage = page(
  () => import("./pages/applications/NoticeBoardPage"),
  (m) => m.NoticeBoardPage,
);
const LicencesPage = page(
  () => import("./pages/licences/LicencesPage"),
  (m) => m.LicencesPage,
);
// Statistics and supervision (their charts load with these pages only).
const StatisticsPage = page(
  () => import("./pages/statistics/StatisticsPage"),
  (m) => m.StatisticsPage,
);
const SupervisionPage = page(
  () => import("./pages/statistics/SupervisionPage"),
  (m) => m.SupervisionPage,
);

const INSTITUTION = ["INSTITUTION_ADMIN", "INSTITUTION_OPERATOR"] as const;
const AUTHORITY = ["AUTHORITY_ADMIN", "AUTHORITY_OFFICER"] as const;

export const ROUTES: readonly PageRoute[] = [
  { path: "/", component: HomePage, nav: { label: "nav.home", audience: "public" } },
  { path: "/verify", component: VerifyPage, nav: { label: "nav.verify", audience: "public" } },
  { path: "/institutions", component: DirectoryPage, nav: { label: "nav.directory", audience: "public" } },
  { path: "/institutions/:id", component: InstitutionPage },
  { path: "/sign-in", component: SignInPage },
  { path: "/activate", component: ActivatePage },
  { path: "/reset-password", component: ResetPasswordPage },
  { path: "/staff/activate", component: StaffActivatePage },

  {
    path: "/home",
    component: PersonalHomePage,
    nav: { label: "myHome.nav", audience: ["practitioner", "institution"] },
    access: { roles: ["PRACTITIONER", "INSTITUTION_ADMIN", "INSTITUTION_OPERATOR"] },
  },
  {
    path: "/me",
    component: AccountPage,
    nav: { label: "nav.account", audience: "practitioner" },
    access: {},
  },
  {
    path: "/me/certification",
    component: CertificationPage,
    nav: { label: "nav.certification", audience: "practitioner" },
    access: { roles: ["PRACTITIONER"] },
  },
  { path: "/me/password", component: PasswordPage, access: {} },
  { path: "/me/mobile", component: MobilePage, access: {} },
  { path: "/me/totp", component: TotpPage, access: {} },

  {
    path: "/institution/certifications",
    component: QueuePage,
    nav: { label: "nav.certificationQueue", audience: "institution" },
    access: { roles: INSTITUTION },
  },
  {
    path: "/institution/staff",
    component: AffiliationsPage,
    nav: { label: "nav.affiliations", audience: "institution" },
    access: { roles: INSTITUTION },
  },
  {
    path: "/institution/operators",
    component: OperatorsPage,
    nav: { label: "nav.operators", audience: "institution" },
    access: { roles: ["INSTITUTION_ADMIN"] },
  },
  {
    path: "/authority/institution-accounts",
    component: InstitutionAccountsPage,
    nav: { label: "nav.institutionAccounts", audience: "officer" },
    access: { roles: AUTHORITY },
  },
  {
    path: "/authority/staff",
    component: AuthorityStaffPage,
    nav: { label: "nav.authorityStaff", audience: "officer" },
    access: { roles: ["AUTHORITY_ADMIN", "SYSTEM_ADMIN"] },
  },
  {
    path: "/bulk-verify",
    component: BulkVerifyPage,
    nav: { label: "bulkVerify.nav", audience: ["institution", "officer"] },
    access: { roles: [...INSTITUTION, ...AUTHORITY] },
  },
  {
    path: "/admin/machine-clients",
    component: MachineClientsPage,
    nav: { label: "machineClients.nav", audience: "officer" },
    access: { roles: ["SYSTEM_ADMIN"] },
  },
  {
    path: "/authority/import-issues",
    component: ImportIssuesPage,
    nav: { label: "nav.importIssues", audience: "officer" },
    access: { roles: AUTHORITY },
  },
  {
    path: "/disputes",
    component: DisputesPage,
    nav: { label: "nav.disputes", audience: ["institution", "officer"] },
    access: { roles: [...INSTITUTION, ...AUTHORITY] },
  },
  {
    path: "/me/apply",
    component: ApplyPage,
    nav: { label: "apps.nav.apply", audience: "practitioner" },
    access: { roles: ["PRACTITIONER"] },
  },
  { path: "/me/apply/:code", component: ApplyPage, access: { roles: ["PRACTITIONER"] } },
  {
    path: "/me/applications",
    component: MyApplicationsPage,
    nav: { label: "apps.nav.mine", audience: "practitioner" },
    access: { roles: ["PRACTITIONER"] },
  },
  {
    path: "/me/licences",
    component: MyLicencesPage,
    nav: { label: "apps.nav.myLicences", audience: "practitioner" },
    access: { roles: ["PRACTITIONER"] },
  },
  { path: "/applications/:id", component: ApplicationPage, access: {} },
  { path: "/applications/:id/edit", component: EditApplicationPage, access: { roles: ["PRACTITIONER"] } },
  {
    path: "/institution/review",
    component: ReviewQueuePage,
    nav: { label: "apps.nav.review", audience: "institution" },
    access: { roles: INSTITUTION },
  },
  {
    path: "/institution/applications",
    component: InstitutionApplicationsPage,
    nav: { label: "apps.nav.institutionApplications", audience: "institution" },
    access: { roles: INSTITUTION },
  },
  {
    path: "/authority/workbench",
    component: WorkbenchPage,
    nav: { label: "apps.nav.workbench", audience: "officer" },
    access: { roles: AUTHORITY },
  },
  // Statistics and supervision
  {
    path: "/authority/statistics",
    component: StatisticsPage,
    nav: { label: "stats.nav.resources", audience: "officer" },
    access: { roles: AUTHORITY },
  },
  {
    path: "/authority/supervision",
    component: SupervisionPage,
    nav: { label: "stats.nav.supervision", audience: "officer" },
    access: { roles: AUTHORITY },
  },
  {
    path: "/institution/roster",
    component: RosterPage,
    nav: { label: "apps.nav.roster", audience: "institution" },
    access: { roles: INSTITUTION },
  },
  {
    path: "/authority/catalogue",
    component: CataloguePage,
    nav: { label: "apps.nav.catalogue", audience: "officer" },
    access: { roles: [...AUTHORITY, "SYSTEM_ADMIN"] },
  },
  { path: "/notices", component: NoticeBoardPage, nav: { label: "apps.nav.notices", audience: "public" } },
  {
    path: "/authority/licences",
    component: LicencesPage,
    nav: { label: "apps.nav.licences", audience: "officer" },
    access: { roles: AUTHORITY },
  },
];

/** The routes listed in an audience's section of the navigation. */
export function inSection(route: PageRoute, audience: Audience): boolean {
  const audiences = route.nav?.audience;
  if (audiences === undefined) return false;
  return typeof audiences === "string" ? audiences === audience : audiences.includes(audience);
}
