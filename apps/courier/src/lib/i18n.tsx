// French first, English too. One dictionary per language, the same keys; `{name}` placeholders.
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
} from 'react';
import { kv } from './storage';

const fr = {
  appName: 'FluxAsync Coursier',
  'signIn.title': 'Connexion',
  'signIn.subtitle': 'Espace coursier',
  'signIn.identifier': 'E-mail ou téléphone',
  'signIn.identifierHint': '77 123 45 67 ou prenom@boutique.sn',
  'signIn.password': 'Mot de passe',
  'signIn.submit': 'Se connecter',
  'signIn.busy': 'Connexion…',
  'signIn.failed': 'Identifiant ou mot de passe incorrect.',
  'signIn.badPhone':
    'Ce numéro n’est pas valide : écrivez-le comme vous le composez (77 123 45 67) ou avec l’indicatif (+221…).',
  'signIn.tooMany': 'Trop d’essais : patientez quelques minutes avant de réessayer.',
  'signIn.offline': 'Pas de réseau : réessayez quand la connexion revient.',
  'signIn.notCourier': 'Ce compte n’est pas un compte coursier de cette boutique.',
  'tabs.runs': 'Courses',
  'tabs.today': 'Aujourd’hui',
  'status.available': 'Disponible',
  'status.offline': 'Hors service',
  'status.busy': 'En course',
  'status.goAvailable': 'Commencer ma journée',
  'status.goOffline': 'Terminer (hors service)',
  'status.sharing': 'Position partagée avec la boutique',
  'status.notSharing': 'Position non partagée',
  'status.locationDenied': 'Localisation refusée : autorisez-la pour recevoir des courses.',
  'status.live': 'Offres reçues en direct',
  'net.offline': 'Hors connexion',
  'net.waiting': '{count} action(s) en attente d’envoi',
  'net.waitingOne': 'En attente d’envoi',
  'net.sending': 'Envoi…',
  'net.retry': 'Réessayer maintenant',
  'offers.title': 'Nouvelles courses',
  'offers.none': 'Aucune course proposée pour l’instant.',
  'offers.noneOffline': 'Passez « Disponible » pour recevoir des courses.',
  'offers.expiresIn': 'Expire dans {time}',
  'offers.expired': 'Offre expirée : elle est passée à un autre coursier.',
  'offers.pickup': 'Retrait',
  'offers.dropoff': 'Livraison',
  'offers.distance': '{km} km',
  'offers.cash': 'À encaisser',
  'offers.noCash': 'Déjà payé',
  'offers.accept': 'Accepter',
  'offers.decline': 'Refuser',
  'offers.declineWhy': 'Pourquoi refuser ?',
  'offers.reason.far': 'Trop loin',
  'offers.reason.busy': 'Déjà occupé',
  'offers.reason.vehicle': 'Véhicule inadapté',
  'offers.reason.other': 'Autre raison',
  'offers.cancel': 'Annuler',
  'runs.title': 'Mes livraisons',
  'runs.none': 'Aucune livraison en cours.',
  'step.to_pickup': 'À récupérer',
  'step.to_dropoff': 'À livrer',
  'step.delivered': 'Livrée',
  'step.failed': 'Échec',
  'delivery.back': '‹ Retour',
  'delivery.stepPickup': '1. Récupérer le colis',
  'delivery.stepDropoff': '2. Livrer au client',
  'delivery.customer': 'Client',
  'delivery.items': 'Articles',
  'delivery.call': 'Appeler',
  'delivery.whatsapp': 'WhatsApp',
  'delivery.maps': 'Google Maps',
  'map.you': 'Vous',
  'map.pickup': 'Retrait',
  'map.dropoff': 'Client',
  'map.route': 'Retrait → livraison : {distance} à vol d’oiseau',
  'map.toPickup': 'vous êtes à {distance} du retrait',
  'map.toDropoff': 'vous êtes à {distance} du client',
  'delivery.waze': 'Waze',
  'delivery.pickedUp': 'Colis récupéré',
  'delivery.delivered': 'Livrée',
  'delivery.failed': 'Échec de livraison',
  'delivery.notFound': 'Cette livraison n’est plus dans vos courses.',
  'deliver.title': 'Remise au client',
  'deliver.code': 'Code du client (4 chiffres)',
  'deliver.codeHint': 'Demandez au client le code reçu par WhatsApp.',
  'deliver.codeLeft': 'Essais restants : {count}',
  'deliver.locked': 'Code bloqué après trop d’erreurs.',
  'deliver.lockedHelp': 'Appelez le dispatcheur : il peut débloquer ou confirmer la livraison.',
  'deliver.callDispatcher': 'Appeler le dispatcheur',
  'deliver.photo': 'Prendre une photo à la place',
  'deliver.photoTaken': 'Photo prête',
  'deliver.cash': 'Espèces encaissées',
  'deliver.cashDue': 'Montant dû : {amount}',
  'deliver.cashNote': 'Pourquoi un autre montant ?',
  'deliver.cashNoteNeeded': 'Un montant différent demande une explication.',
  'deliver.confirm': 'Confirmer la livraison',
  'deliver.erase': 'Effacer',
  'fail.title': 'Pourquoi la livraison échoue ?',
  'fail.absent': 'Client absent',
  'fail.refused': 'Colis refusé',
  'fail.wrong_address': 'Mauvaise adresse',
  'fail.unreachable': 'Client injoignable',
  'fail.other': 'Autre',
  'fail.note': 'Précisions (facultatif)',
  'fail.confirm': 'Confirmer l’échec',
  'notice.CONFLICT':
    '{label} : la boutique a modifié cette livraison entre-temps (réattribuée, expirée ou annulée). Votre action n’a pas été prise en compte.',
  'notice.other':
    '{label} : action refusée par le serveur — {message}. Vérifiez, refaites-la ou appelez la boutique.',
  'notice.photo':
    '{label} : la photo a été refusée — {message}. Reprenez une photo, ou demandez le code au client, puis validez à nouveau.',
  'notice.availability':
    '« {status} » n’a pas été pris en compte — {message}. Réessayez, ou appelez la boutique.',
  'notice.ok': 'Compris',
  'today.title': 'Aujourd’hui',
  'today.delivered': 'Livrées',
  'today.failed': 'Échecs',
  'today.cashToday': 'Encaissé aujourd’hui',
  'today.cashHeld': 'Espèces à remettre à la boutique',
  'today.list': 'Livraisons du jour',
  'today.none': 'Rien de terminé aujourd’hui.',
  'today.history': 'Jours précédents',
  'today.day': '{delivered} livrée(s), {failed} échec(s) · {cash}',
  'account.title': 'Compte',
  'account.language': 'English',
  'account.signOut': 'Se déconnecter',
  'account.signOutWaiting':
    '{count} action(s) pas encore envoyée(s). Reconnectez-vous au réseau avant de vous déconnecter.',
  'common.loading': 'Chargement…',
  'common.error': 'Erreur : {message}',
};

type Key = keyof typeof fr;

const en: Record<Key, string> = {
  appName: 'FluxAsync Courier',
  'signIn.title': 'Sign in',
  'signIn.subtitle': 'Courier app',
  'signIn.identifier': 'Email or phone',
  'signIn.identifierHint': '77 123 45 67 or name@shop.sn',
  'signIn.password': 'Password',
  'signIn.submit': 'Sign in',
  'signIn.busy': 'Signing in…',
  'signIn.failed': 'Wrong email, phone number or password.',
  'signIn.badPhone':
    'This number is not valid: write it as you dial it (77 123 45 67) or with the country code (+221…).',
  'signIn.tooMany': 'Too many tries: wait a few minutes before trying again.',
  'signIn.offline': 'No network: try again when it is back.',
  'signIn.notCourier': 'This account is not a courier of this shop.',
  'tabs.runs': 'Runs',
  'tabs.today': 'Today',
  'status.available': 'Available',
  'status.offline': 'Off duty',
  'status.busy': 'On a run',
  'status.goAvailable': 'Start my day',
  'status.goOffline': 'Stop (off duty)',
  'status.sharing': 'Position shared with the shop',
  'status.notSharing': 'Position not shared',
  'status.locationDenied': 'Location refused: allow it to receive runs.',
  'status.live': 'Offers arrive live',
  'net.offline': 'Offline',
  'net.waiting': '{count} action(s) waiting to send',
  'net.waitingOne': 'Waiting to send',
  'net.sending': 'Sending…',
  'net.retry': 'Retry now',
  'offers.title': 'New runs',
  'offers.none': 'No run offered right now.',
  'offers.noneOffline': 'Go “Available” to receive runs.',
  'offers.expiresIn': 'Expires in {time}',
  'offers.expired': 'Offer expired: it went to another courier.',
  'offers.pickup': 'Pick-up',
  'offers.dropoff': 'Drop-off',
  'offers.distance': '{km} km',
  'offers.cash': 'To collect',
  'offers.noCash': 'Already paid',
  'offers.accept': 'Accept',
  'offers.decline': 'Decline',
  'offers.declineWhy': 'Why decline?',
  'offers.reason.far': 'Too far',
  'offers.reason.busy': 'Already busy',
  'offers.reason.vehicle': 'Wrong vehicle',
  'offers.reason.other': 'Other reason',
  'offers.cancel': 'Cancel',
  'runs.title': 'My deliveries',
  'runs.none': 'No delivery under way.',
  'step.to_pickup': 'To pick up',
  'step.to_dropoff': 'To deliver',
  'step.delivered': 'Delivered',
  'step.failed': 'Failed',
  'delivery.back': '‹ Back',
  'delivery.stepPickup': '1. Pick up the parcel',
  'delivery.stepDropoff': '2. Deliver to the customer',
  'delivery.customer': 'Customer',
  'delivery.items': 'Items',
  'delivery.call': 'Call',
  'delivery.whatsapp': 'WhatsApp',
  'delivery.maps': 'Google Maps',
  'map.you': 'You',
  'map.pickup': 'Pickup',
  'map.dropoff': 'Customer',
  'map.route': 'Pickup → drop-off: {distance} as the crow flies',
  'map.toPickup': 'you are {distance} from the pickup',
  'map.toDropoff': 'you are {distance} from the customer',
  'delivery.waze': 'Waze',
  'delivery.pickedUp': 'Picked up',
  'delivery.delivered': 'Delivered',
  'delivery.failed': 'Could not deliver',
  'delivery.notFound': 'This delivery is no longer one of your runs.',
  'deliver.title': 'Hand-over',
  'deliver.code': 'Customer’s code (4 digits)',
  'deliver.codeHint': 'Ask the customer for the code they got on WhatsApp.',
  'deliver.codeLeft': 'Tries left: {count}',
  'deliver.locked': 'Code locked after too many wrong tries.',
  'deliver.lockedHelp': 'Call the dispatcher: they can unlock or confirm the delivery.',
  'deliver.callDispatcher': 'Call the dispatcher',
  'deliver.photo': 'Take a photo instead',
  'deliver.photoTaken': 'Photo ready',
  'deliver.cash': 'Cash collected',
  'deliver.cashDue': 'Amount due: {amount}',
  'deliver.cashNote': 'Why a different amount?',
  'deliver.cashNoteNeeded': 'A different amount needs a note.',
  'deliver.confirm': 'Confirm delivery',
  'deliver.erase': 'Erase',
  'fail.title': 'Why did the delivery fail?',
  'fail.absent': 'Customer absent',
  'fail.refused': 'Parcel refused',
  'fail.wrong_address': 'Wrong address',
  'fail.unreachable': 'Customer unreachable',
  'fail.other': 'Other',
  'fail.note': 'Details (optional)',
  'fail.confirm': 'Confirm failure',
  'notice.CONFLICT':
    '{label}: the shop changed this delivery meanwhile (reassigned, expired or cancelled). Your action was not taken.',
  'notice.other':
    '{label}: the server refused the action — {message}. Check, do it again or call the shop.',
  'notice.photo':
    '{label}: the photo was refused — {message}. Take another photo, or ask the customer for the code, then confirm again.',
  'notice.availability': '“{status}” was not taken — {message}. Try again, or call the shop.',
  'notice.ok': 'OK',
  'today.title': 'Today',
  'today.delivered': 'Delivered',
  'today.failed': 'Failed',
  'today.cashToday': 'Collected today',
  'today.cashHeld': 'Cash to hand over to the shop',
  'today.list': 'Today’s deliveries',
  'today.none': 'Nothing finished today.',
  'today.history': 'Previous days',
  'today.day': '{delivered} delivered, {failed} failed · {cash}',
  'account.title': 'Account',
  'account.language': 'Français',
  'account.signOut': 'Sign out',
  'account.signOutWaiting':
    '{count} action(s) not sent yet. Get back on the network before signing out.',
  'common.loading': 'Loading…',
  'common.error': 'Error: {message}',
};

export type Locale = 'fr' | 'en';
export type TranslationKey = Key;
export const dictionaries: Record<Locale, Record<Key, string>> = { fr, en };

export function translate(
  locale: Locale,
  key: Key,
  params: Record<string, string | number> = {},
): string {
  const text = dictionaries[locale][key];
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}

function deviceLocale(): Locale {
  const tag = Intl.DateTimeFormat().resolvedOptions().locale ?? 'fr';
  return tag.toLowerCase().startsWith('en') ? 'en' : 'fr';
}

const LOCALE_KEY = 'flux.courier.locale';
const I18nContext = createContext<{
  locale: Locale;
  setLocale: (locale: Locale) => void;
  t: (key: Key, params?: Record<string, string | number>) => string;
}>({ locale: 'fr', setLocale: () => {}, t: (key, params) => translate('fr', key, params) });

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(deviceLocale);
  useEffect(() => {
    void kv.getItem(LOCALE_KEY).then((saved) => {
      if (saved === 'fr' || saved === 'en') setLocaleState(saved);
    });
  }, []);
  const setLocale = useCallback((next: Locale) => {
    setLocaleState(next);
    void kv.setItem(LOCALE_KEY, next);
  }, []);
  const value = useMemo(
    () => ({
      locale,
      setLocale,
      t: (key: Key, params?: Record<string, string | number>) => translate(locale, key, params),
    }),
    [locale, setLocale],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export const useI18n = () => useContext(I18nContext);
