// An application's way from submission to completion, as the stages of a stepper: which are
// done, which one it is at, and which are still to come. Stages the item skips (no institution
// review, no paper materials) are left out.
import type { ApplicationStatus } from "../gql/graphql";

export type Stage = "SUBMIT" | "INSTITUTION" | "ACCEPTANCE" | "REVIEW" | "PAPER" | "DONE";
export type StageState = "done" | "current" | "todo" | "stopped";

export interface Progress {
  stage: Stage;
  state: StageState;
}

export interface ProgressInput {
  status: ApplicationStatus;
  institutionReview: boolean;
  paperRequired: boolean;
  returnedFrom?: ApplicationStatus | null;
}

const AT: Partial<Record<ApplicationStatus, Stage>> = {
  DRAFT: "SUBMIT",
  AWAITING_INSTITUTION: "INSTITUTION",
  AWAITING_ACCEPTANCE: "ACCEPTANCE",
  UNDER_REVIEW: "REVIEW",
  AWAITING_PAPER: "PAPER",
  COMPLETED: "DONE",
  REJECTED: "REVIEW",
  NOT_ACCEPTED: "ACCEPTANCE",
};

/** The stepper of one application. A returned one is back with its applicant (the submit
 * stage is current again); a refused, rejected or withdrawn one stops where it ended. */
export function progressOf(app: ProgressInput): Progress[] {
  const stages: Stage[] = ["SUBMIT"];
  if (app.institutionReview) stages.push("INSTITUTION");
  stages.push("ACCEPTANCE", "REVIEW");
  if (app.paperRequired) stages.push("PAPER");
  stages.push("DONE");

  if (app.status === "COMPLETED") return stages.map((stage) => ({ stage, state: "done" }));
  const stopped = app.status === "REJECTED" || app.status === "NOT_ACCEPTED" || app.status === "WITHDRAWN";
  const at: Stage =
    app.status === "RETURNED"
      ? "SUBMIT"
      : app.status === "WITHDRAWN"
        ? stageOf(app.returnedFrom)
        : AT[app.status]!;
  const index = Math.max(stages.indexOf(at), 0);
  return stages.map((stage, i) => ({
    stage,
    state: i < index ? "done" : i === index ? (stopped ? "stopped" : "current") : "todo",
  }));
}

function stageOf(status: ApplicationStatus | null | undefined): Stage {
  return (status && AT[status]) || "SUBMIT";
}

/** 0–100: how far along the stepper is (for a compact bar). */
export function percentDone(progress: readonly Progress[]): number {
  const done = progress.filter((p) => p.state === "done").length;
  return Math.round((done / progress.length) * 100);
}
