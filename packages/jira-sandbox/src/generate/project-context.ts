// One project's state while its issues are generated: who may work on an
// issue at each security level, the issues so far (candidates for parents,
// epic links and links), its board's sprints and the next issue number.
import type {
  SandboxBoard,
  SandboxData,
  SandboxIssue,
  SandboxProject,
  SandboxSecurityLevel,
  SandboxSprint,
  SandboxUser,
} from '../model.ts';
import type { UserPool } from './people.ts';

/** One project's generation state. */
export interface ProjectContext {
  project: SandboxProject;
  /** Browse users per security level id ('' = no level): the people who may touch an issue. */
  pools: Map<string, UserPool>;
  issues: SandboxIssue[];
  epics: SandboxIssue[];
  /** Stories, tasks and bugs: candidate parents of sub-tasks. */
  standard: SandboxIssue[];
  /** The project's board sprints in order (closed×3, active, future); empty on kanban. */
  sprints: SandboxSprint[];
  nextNumber: number;
}

export function projectContexts(
  data: Pick<SandboxData, 'users' | 'projects' | 'securityLevels' | 'boards' | 'sprints'>,
): ProjectContext[] {
  const usersByKey = new Map(data.users.map((u) => [u.key, u]));
  return data.projects.map((project): ProjectContext => {
    const browse = project.browseUserKeys.map((k) => usersByKey.get(k)!);
    return {
      project,
      pools: levelPools(browse, data.securityLevels),
      issues: [],
      epics: [],
      standard: [],
      sprints: boardSprints(project, data.boards, data.sprints),
      nextNumber: 1,
    };
  });
}

function levelPools(browse: SandboxUser[], levels: readonly SandboxSecurityLevel[]): Map<string, UserPool> {
  const pools = new Map<string, UserPool>([['', { all: browse }]]);
  for (const level of levels) {
    pools.set(level.id, { all: browse.filter((u) => level.memberKeys.includes(u.key)) });
  }
  return pools;
}

function boardSprints(
  project: SandboxProject,
  boards: readonly SandboxBoard[],
  sprints: readonly SandboxSprint[],
): SandboxSprint[] {
  const board = boards.find((b) => b.projectId === project.id);
  return board === undefined ? [] : sprints.filter((s) => s.originBoardId === board.id);
}
