// The community feature's door: the partner page mounts its workspace; live sessions and surveys
// add their exports here.
export {
  COMMUNITY_SECTIONS,
  type CommunityAccess,
  CommunityWorkspace,
} from './components/community-workspace.tsx';
