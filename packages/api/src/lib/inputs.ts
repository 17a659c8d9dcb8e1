// Input pieces shared by several routers. They live in @flux/contracts, so the apps' forms check
// what the procedures check; re-exported here so the routers keep one local import path.
export {
  coercedDateInput,
  dateInput,
  emailInput,
  nameInput,
  pageInput,
  passwordInput,
  textInput,
} from '@flux/contracts';
