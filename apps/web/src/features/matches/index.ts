// 可能帮到你的: the counterpart posts for one of mine (the post form's success screen, my post's page).
export { MatchesSection } from './components/matches-section.tsx';
