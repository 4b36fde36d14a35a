// The catalogue's door: other features use these, never the files behind them.
export { getMedicines, useCatalogue, useMedicineSearch } from './api/get-medicines.ts';
export { MedicineSearch } from './components/medicine-search.tsx';
