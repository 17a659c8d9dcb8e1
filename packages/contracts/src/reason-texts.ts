// The words of every refusal (reasons.ts) and zod issue, French first and English, shared by the
// dashboard and the courier app: each app plugs them into its own i18n (its number and money
// formats fill `{name}`; an amount arrives as `<name>Minor` with `currency` and shows as `{name}`).
import type { IssueTextKey, Reason } from './reasons';

type RefusalTexts = Record<Reason | IssueTextKey, string>;

const fr: RefusalTexts = {
  bad_request: 'La demande a été refusée : vérifiez ce qui a été saisi.',
  unauthorized: 'Connectez-vous pour continuer.',
  forbidden: 'Vous n’avez pas le droit de faire cela.',
  not_found: 'Introuvable : cet élément n’existe pas ou plus.',
  conflict: 'Cela a changé entre-temps : rechargez et réessayez.',
  too_many_requests: 'Trop d’essais : patientez un peu avant de réessayer.',
  precondition_failed: 'Impossible pour l’instant : une étape préalable manque.',
  bad_gateway: 'Un service extérieur n’a pas répondu : rien n’a été changé, réessayez bientôt.',
  internal: 'Un problème est survenu de notre côté. Il a été enregistré.',
  'api_key.not_found': 'Clé d’API introuvable.',
  'email.not_found': 'Email introuvable.',
  'email_thread.not_found': 'Fil d’emails introuvable.',
  'webhook_delivery.not_found': 'Envoi de webhook introuvable.',
  'webhook_endpoint.not_found': 'Adresse de webhook introuvable.',
  'business.not_found': 'Boutique introuvable.',
  'conversation.not_found': 'Conversation introuvable.',
  'courier.not_found': 'Coursier introuvable.',
  'delivery.not_found': 'Livraison introuvable.',
  'insight.not_found': 'Analyse introuvable.',
  'invitation.not_found': 'Cette invitation n’est pas valide, déjà utilisée ou expirée.',
  'label.not_found': 'Étiquette introuvable.',
  'mailbox.not_found': 'Boîte mail introuvable.',
  'member.not_found': 'Membre introuvable.',
  'membership.not_found': 'Vous ne faites pas partie de cette boutique.',
  'note.not_found': 'Note introuvable.',
  'notification.not_found': 'Notification introuvable.',
  'order.not_found': 'Commande introuvable.',
  'photo.not_found': 'Photo introuvable.',
  'product.not_found': 'Produit introuvable.',
  'proof_photo.not_found': 'Photo de preuve introuvable pour cette livraison.',
  'prospect.not_found': 'Client introuvable.',
  'quick_reply.not_found': 'Réponse rapide introuvable.',
  'sms_account.not_found': 'Compte SMS introuvable.',
  'user.not_found': 'Utilisateur introuvable.',
  'whatsapp_number.not_found': 'Aucun numéro WhatsApp n’est connecté.',
  'auth.wrong_credentials': 'Identifiant ou mot de passe incorrect.',
  'auth.email_taken': 'Un compte utilise déjà cet e-mail : connectez-vous plutôt.',
  'rate.limited': 'Trop d’essais : réessayez dans {seconds} s.',
  'db.duplicate': 'Cela existe déjà.',
  'db.reference': 'Un élément lié n’existe pas ou est encore utilisé.',
  'db.invalid_value': 'Une valeur manque ou sort des limites.',
  'db.concurrent': 'Une autre modification est passée en même temps : réessayez.',
  'order.transition_refused':
    'La commande {reference} ne peut pas passer à cette étape maintenant.',
  'order.reason_required': 'Indiquez un motif.',
  'order.payment_transition_refused':
    'Le paiement de la commande {reference} ne peut pas passer à cet état.',
  'order.lines_locked':
    'La commande {reference} n’est plus modifiable : ses articles ne changent plus.',
  'order.other_prospect': 'Cette conversation est avec un autre client.',
  'stock.insufficient':
    'Stock insuffisant pour {product} : {available} en stock, {ordered} commandé(s).',
  'stock.below_zero':
    'Le stock ne peut pas passer sous zéro : {product} en a {stock}, la variation est de {delta}.',
  'product.archived': '{product} est archivé.',
  'product.currency_mismatch': '{product} est vendu en {currency}.',
  'product.sku_taken': 'Un autre produit utilise déjà la référence {sku}.',
  'delivery.state_changed':
    'La livraison a changé entre-temps (réattribuée, expirée ou annulée) : action non prise en compte.',
  'delivery.code_mismatch':
    'Code de livraison incorrect : redemandez-le au client ({left} essai(s) restant(s)).',
  'delivery.code_locked':
    'Code incorrect trop de fois : la livraison est bloquée, appelez la boutique.',
  'delivery.locked': 'Livraison bloquée après trop de codes faux : la boutique doit la débloquer.',
  'delivery.code_required': 'Cette boutique demande le code du client : une photo ne suffit pas.',
  'delivery.proof_required': 'Donnez le code du client ou une photo de la livraison.',
  'delivery.cash_mismatch':
    'Le montant encaissé doit être celui dû ({due}), ou dites pourquoi il diffère.',
  'delivery.reassign_refused': 'Cette livraison ne peut plus être réattribuée.',
  'courier.full': '{courier} transporte déjà {capacity} colis (son maximum).',
  'courier.role_required': 'Invitez d’abord cette personne avec le rôle coursier.',
  'cash.amount_positive': 'Le montant doit être positif.',
  'cash.more_than_held': 'C’est plus que ce que le coursier détient ({held}).',
  'upload.empty': 'Le fichier est vide.',
  'upload.too_large': 'La photo dépasse {maxMb} Mo.',
  'upload.bad_type': 'Format de photo non accepté ({types}).',
  'upload.too_many': 'Assez de photos pour cette livraison.',
  'upload.courier_only': 'Seul le coursier de la livraison envoie sa preuve.',
  'upload.team_only': 'Seule l’équipe envoie des photos aux clients.',
  'prospect.phone_invalid':
    'Ce numéro n’est pas valide : écrivez-le comme vous le composez, ou avec + et l’indicatif du pays.',
  'prospect.phone_taken': 'Un client avec le numéro {phone} existe déjà.',
  'prospect.contact_required': 'Donnez un téléphone ou un e-mail.',
  'prospect.transition_refused': 'Ce client ne peut pas passer à cette étape.',
  'conversation.open_exists': 'Ce client a déjà une conversation ouverte : continuez-la.',
  'whatsapp.window_closed':
    'La fenêtre de 24 h est fermée : le client n’a pas écrit depuis un jour, seul un modèle approuvé peut partir.',
  'whatsapp.not_connected': 'Connectez d’abord un numéro WhatsApp.',
  'receipt.no_whatsapp':
    'Ce client n’a jamais écrit sur WhatsApp : copiez le lien du reçu et envoyez-le autrement.',
  'team.owner_only': 'Seul un propriétaire peut donner ou changer le rôle propriétaire.',
  'team.last_owner': 'Une boutique a besoin d’au moins un propriétaire.',
  'team.already_member': '{email} fait déjà partie de l’équipe.',
  'quick_reply.shortcut_taken': 'Le raccourci /{shortcut} est déjà utilisé.',
  'label.name_taken': 'L’étiquette « {name} » existe déjà.',
  'pagination.bad_cursor': 'Page invalide : rechargez la liste.',
  'money.out_of_range': 'Montant hors limites.',
  'money.bad_amount': 'Montant invalide : écrivez-le par exemple 2500 ou 12,50.',
  'money.too_many_decimals': 'Ce montant a trop de décimales pour sa devise ({currency}).',
  'money.quantity_not_whole': 'La quantité doit être un nombre entier.',
  'csv.unclosed_quote':
    'Ligne {line} : un champ entre guillemets n’est jamais fermé (il manque un ").',
  'import.duplicate_column': 'L’en-tête nomme la colonne {column} deux fois.',
  'import.header_required':
    'La première ligne doit nommer les colonnes, avec au moins une colonne phone ou email (name, phone, email, tags).',
  'import.empty': 'Le fichier est vide : il lui faut une ligne d’en-tête.',
  'import.no_rows': 'Le fichier a un en-tête mais aucune ligne.',
  'import.too_many_rows':
    'Le fichier a {rows} lignes : importez-en au plus {max} à la fois (découpez-le).',
  'whatsapp.meta_unreachable': 'Meta n’a pas répondu : rien n’a été changé, réessayez bientôt.',
  'whatsapp.token_refused': 'Meta refuse ce jeton d’accès : vérifiez-le ou créez-en un nouveau.',
  'whatsapp.number_not_visible':
    'Meta ne montre pas cet identifiant de numéro à ce jeton : vérifiez l’identifiant, et que le jeton a été créé pour le compte de ce numéro.',
  'whatsapp.account_not_managed':
    'Ce jeton ne peut pas gérer ce compte WhatsApp Business : vérifiez son identifiant.',
  'whatsapp.other_number':
    'Meta a répondu pour un autre numéro : vérifiez l’identifiant du numéro.',
  'whatsapp.number_not_in_account':
    'Ce numéro n’est pas dans ce compte WhatsApp Business : vérifiez l’identifiant du compte.',
  'whatsapp.number_taken':
    'Ce numéro WhatsApp est déjà connecté à un compte FluxAsync. Déconnectez-le d’abord, ou écrivez au support.',
  'whatsapp.meta_refused': 'WhatsApp a refusé la demande : vérifiez le modèle et réessayez.',
  'whatsapp.templates_unavailable':
    'WhatsApp n’a pas donné la liste des modèles : réessayez plus tard.',
  'email.reconnect_required': 'Cette boîte doit être reconnectée avant d’envoyer.',
  'email.no_sender': 'Cet email n’a pas d’expéditeur à qui répondre.',
  'email.provider_not_set_up': '{provider} n’est pas configuré sur ce serveur.',
  'email.connect_other_session':
    'Cette connexion n’a pas été lancée depuis cette session : recommencez.',
  'email.connect_expired': 'La connexion a pris trop de temps : recommencez.',
  'email.access_denied': '{provider} n’a pas donné l’accès : recommencez et acceptez.',
  'email.connect_refused': '{provider} n’a pas accepté la connexion : recommencez.',
  'email.admin_only':
    'Seuls les propriétaires et les administrateurs gèrent une boîte mail partagée.',
  'delivery.not_picked_up': 'Seule une livraison récupérée peut être livrée sans son code.',
  'delivery.not_locked': 'Cette livraison n’est pas bloquée.',
  'invitation.other_email':
    'Cette invitation est pour {email} : connectez-vous ou inscrivez-vous avec cette adresse.',
  'invitation.already_member': 'Vous faites déjà partie de cette boutique.',
  'team.courier_not_assignable':
    'Un coursier ne peut pas recevoir cela : choisissez un autre membre.',
  'team.not_manager': 'Vous ne gérez plus cette boutique.',
  'notification.not_resendable':
    'Cette notification ne peut pas être renvoyée dans son état actuel.',
  'auth.reset_link_invalid':
    'Ce lien n’est pas valide, déjà utilisé ou expiré : demandez-en un nouveau.',
  'account.shop_name_required': 'Donnez un nom à votre boutique.',
  'conversation.status_unchanged': 'Cette conversation est déjà dans cet état.',
  'shop.location_required':
    'Indiquez d’abord le point de retrait de la boutique dans les réglages.',
  'product.sku_unknown': 'Aucun produit n’a la référence {sku}.',
  'prospect.tags_invalid': 'Étiquettes refusées : trop nombreuses ou trop longues.',
  'api_key.expiry_past': 'La date d’expiration doit être dans le futur.',
  'api_key.expiry_too_far': 'Choisissez une date d’expiration dans les {years} prochaines années.',
  'webhook.url_refused':
    'Cette adresse ne peut pas recevoir de webhooks : donnez une URL https:// publique.',
  'webhook.too_many': 'Au plus {max} adresses de webhook par boutique.',
  'webhook.endpoint_disabled': 'Cette adresse est désactivée : activez-la d’abord.',
  'webhook.delivery_sending': 'Cet envoi est en cours : attendez qu’il se termine.',
  'push.endpoint_https': 'L’adresse des notifications doit commencer par https://.',
  'whatsapp.client_message_id_reused': 'Ce message a déjà été envoyé dans une autre conversation.',
  'zod.required': 'Obligatoire.',
  'zod.invalid_type': 'Valeur invalide.',
  'zod.too_small.string': 'Au moins {minimum} caractères.',
  'zod.too_small.number': 'Au moins {minimum}.',
  'zod.too_small.array': 'Au moins {minimum} élément(s).',
  'zod.too_big.string': 'Au plus {maximum} caractères.',
  'zod.too_big.number': 'Au plus {maximum}.',
  'zod.too_big.array': 'Au plus {maximum} élément(s).',
  'zod.invalid_format': 'Format invalide.',
  'zod.invalid_format.email': 'Adresse e-mail invalide.',
  'zod.invalid_format.url': 'Lien invalide.',
  'zod.invalid_value': 'Choix invalide.',
  'zod.unrecognized_keys': 'Champ inconnu.',
  'zod.invalid': 'Valeur refusée.',
};

const en: RefusalTexts = {
  bad_request: 'The request was refused: check what was entered.',
  unauthorized: 'Sign in to continue.',
  forbidden: 'You are not allowed to do this.',
  not_found: 'Not found: this no longer exists.',
  conflict: 'This changed meanwhile: reload and try again.',
  too_many_requests: 'Too many tries: wait a little before trying again.',
  precondition_failed: 'Not possible yet: a step before this one is missing.',
  bad_gateway: 'An outside service did not answer: nothing was changed, try again shortly.',
  internal: 'Something went wrong on our side. It has been logged.',
  'api_key.not_found': 'API key not found.',
  'email.not_found': 'Email not found.',
  'email_thread.not_found': 'Email thread not found.',
  'webhook_delivery.not_found': 'Webhook delivery not found.',
  'webhook_endpoint.not_found': 'Webhook endpoint not found.',
  'business.not_found': 'Shop not found.',
  'conversation.not_found': 'Conversation not found.',
  'courier.not_found': 'Courier not found.',
  'delivery.not_found': 'Delivery not found.',
  'insight.not_found': 'Insight not found.',
  'invitation.not_found': 'This invitation is invalid, already used or expired.',
  'label.not_found': 'Label not found.',
  'mailbox.not_found': 'Mailbox not found.',
  'member.not_found': 'Member not found.',
  'membership.not_found': 'You are not part of this shop.',
  'note.not_found': 'Note not found.',
  'notification.not_found': 'Notification not found.',
  'order.not_found': 'Order not found.',
  'photo.not_found': 'Photo not found.',
  'product.not_found': 'Product not found.',
  'proof_photo.not_found': 'Proof photo not found for this delivery.',
  'prospect.not_found': 'Customer not found.',
  'quick_reply.not_found': 'Quick reply not found.',
  'sms_account.not_found': 'SMS account not found.',
  'user.not_found': 'User not found.',
  'whatsapp_number.not_found': 'No WhatsApp number is connected.',
  'auth.wrong_credentials': 'Wrong sign-in or password.',
  'auth.email_taken': 'An account already uses this email: sign in instead.',
  'rate.limited': 'Too many tries: try again in {seconds} s.',
  'db.duplicate': 'This already exists.',
  'db.reference': 'A linked record does not exist or is still in use.',
  'db.invalid_value': 'A value is missing or out of range.',
  'db.concurrent': 'Another change went through at the same time: try again.',
  'order.transition_refused': 'Order {reference} cannot go to this step now.',
  'order.reason_required': 'Give a reason.',
  'order.payment_transition_refused': 'The payment of order {reference} cannot go to this state.',
  'order.lines_locked': 'Order {reference} can no longer change: its items are fixed.',
  'order.other_prospect': 'This conversation is with another customer.',
  'stock.insufficient': 'Not enough stock for {product}: {available} left, {ordered} ordered.',
  'stock.below_zero': 'Stock cannot go below zero: {product} has {stock}, the change is {delta}.',
  'product.archived': '{product} is archived.',
  'product.currency_mismatch': '{product} is priced in {currency}.',
  'product.sku_taken': 'Another product already uses the SKU {sku}.',
  'delivery.state_changed':
    'The delivery changed meanwhile (reassigned, expired or cancelled): your action was not taken.',
  'delivery.code_mismatch': 'Wrong delivery code: ask the customer again ({left} tries left).',
  'delivery.code_locked': 'Wrong code too many times: the delivery is locked, call the shop.',
  'delivery.locked': 'Delivery locked after too many wrong codes: the shop must unlock it.',
  'delivery.code_required': 'This shop asks for the customer’s code: a photo is not enough.',
  'delivery.proof_required': 'Give the customer’s code or a photo of the delivery.',
  'delivery.cash_mismatch': 'The cash collected must be the amount due ({due}), or say why.',
  'delivery.reassign_refused': 'This delivery can no longer be reassigned.',
  'courier.full': '{courier} already carries {capacity} parcels (their maximum).',
  'courier.role_required': 'Invite this person with the courier role first.',
  'cash.amount_positive': 'The amount must be positive.',
  'cash.more_than_held': 'More than the courier holds ({held}).',
  'upload.empty': 'The file is empty.',
  'upload.too_large': 'The photo is larger than {maxMb} MB.',
  'upload.bad_type': 'Photo format not accepted ({types}).',
  'upload.too_many': 'Enough photos for this delivery already.',
  'upload.courier_only': 'Only the courier of a delivery uploads its proof.',
  'upload.team_only': 'Only the team sends photos to customers.',
  'prospect.phone_invalid':
    'This number is not valid: write it as you dial it, or with + and the country code.',
  'prospect.phone_taken': 'A customer with the phone {phone} already exists.',
  'prospect.contact_required': 'Give a phone or an email.',
  'prospect.transition_refused': 'This customer cannot go to this step.',
  'conversation.open_exists': 'This customer already has an open conversation: continue that one.',
  'whatsapp.window_closed':
    'The 24-hour window is closed: the customer has not written for a day, only an approved template can be sent.',
  'whatsapp.not_connected': 'Connect a WhatsApp number first.',
  'receipt.no_whatsapp':
    'This customer has never written on WhatsApp: copy the receipt link and share it another way.',
  'team.owner_only': 'Only an owner can grant or change the owner role.',
  'team.last_owner': 'A shop needs at least one owner.',
  'team.already_member': '{email} is already a member.',
  'quick_reply.shortcut_taken': 'The shortcut /{shortcut} is already used.',
  'label.name_taken': 'The label “{name}” already exists.',
  'pagination.bad_cursor': 'Invalid page: reload the list.',
  'money.out_of_range': 'Amount out of range.',
  'money.bad_amount': 'Invalid amount: write it like 2500 or 12.50.',
  'money.too_many_decimals': 'This amount has too many decimals for its currency ({currency}).',
  'money.quantity_not_whole': 'The quantity must be a whole number.',
  'csv.unclosed_quote': 'Line {line}: a quoted field is never closed (a " is missing).',
  'import.duplicate_column': 'The header names the {column} column twice.',
  'import.header_required':
    'The first line must name the columns, with at least a phone or an email column (name, phone, email, tags).',
  'import.empty': 'The file is empty: it needs a header row.',
  'import.no_rows': 'The file has a header but no rows.',
  'import.too_many_rows': 'The file has {rows} rows: import at most {max} at a time (split it).',
  'whatsapp.meta_unreachable': 'Meta did not answer: nothing was changed, try again shortly.',
  'whatsapp.token_refused': 'Meta refuses this access token: check it or create a new one.',
  'whatsapp.number_not_visible':
    'Meta does not show this phone number id to this token: check the id, and that the token was made for this number’s account.',
  'whatsapp.account_not_managed':
    'This token cannot manage that WhatsApp Business Account: check its id.',
  'whatsapp.other_number': 'Meta answered for another number: check the phone number id.',
  'whatsapp.number_not_in_account':
    'This number is not in that WhatsApp Business Account: check the account id.',
  'whatsapp.number_taken':
    'This WhatsApp number is already connected to a FluxAsync account. Disconnect it there first, or write to support.',
  'whatsapp.meta_refused': 'WhatsApp refused the request: check the template and try again.',
  'whatsapp.templates_unavailable': 'WhatsApp did not list the templates: try again later.',
  'email.reconnect_required': 'This mailbox must be connected again before sending.',
  'email.no_sender': 'This email has no sender to reply to.',
  'email.provider_not_set_up': '{provider} is not set up on this server.',
  'email.connect_other_session':
    'This connection was not started from this session: start it again.',
  'email.connect_expired': 'The connection took too long: start it again.',
  'email.access_denied': '{provider} did not grant access: start again and accept.',
  'email.connect_refused': '{provider} did not accept the connection: start it again.',
  'email.admin_only': 'Only the owners and admins manage a shared mailbox.',
  'delivery.not_picked_up': 'Only a picked-up delivery can be delivered without its code.',
  'delivery.not_locked': 'This delivery is not locked.',
  'invitation.other_email': 'This invitation is for {email}: sign in or sign up with that address.',
  'invitation.already_member': 'You are already a member of this shop.',
  'team.courier_not_assignable': 'A courier cannot be assigned this: choose another member.',
  'team.not_manager': 'You no longer manage this shop.',
  'notification.not_resendable': 'This notification cannot be resent in its current state.',
  'auth.reset_link_invalid': 'This link is invalid, already used or expired: ask for a new one.',
  'account.shop_name_required': 'Name your shop.',
  'conversation.status_unchanged': 'This conversation is already in that state.',
  'shop.location_required': 'Set the shop’s pickup point in the settings first.',
  'product.sku_unknown': 'No product has the SKU {sku}.',
  'prospect.tags_invalid': 'Tags refused: too many or too long.',
  'api_key.expiry_past': 'The expiry must be in the future.',
  'api_key.expiry_too_far': 'Choose an expiry within the next {years} years.',
  'webhook.url_refused': 'This address cannot receive webhooks: give a public https:// URL.',
  'webhook.too_many': 'At most {max} webhook endpoints per shop.',
  'webhook.endpoint_disabled': 'This endpoint is disabled: enable it first.',
  'webhook.delivery_sending': 'This delivery is being sent right now: wait for it to finish.',
  'push.endpoint_https': 'A push endpoint must be an https:// URL.',
  'whatsapp.client_message_id_reused': 'This message was already sent in another conversation.',
  'zod.required': 'Required.',
  'zod.invalid_type': 'Invalid value.',
  'zod.too_small.string': 'At least {minimum} characters.',
  'zod.too_small.number': 'At least {minimum}.',
  'zod.too_small.array': 'At least {minimum} item(s).',
  'zod.too_big.string': 'At most {maximum} characters.',
  'zod.too_big.number': 'At most {maximum}.',
  'zod.too_big.array': 'At most {maximum} item(s).',
  'zod.invalid_format': 'Invalid format.',
  'zod.invalid_format.email': 'Invalid email address.',
  'zod.invalid_format.url': 'Invalid link.',
  'zod.invalid_value': 'Invalid choice.',
  'zod.unrecognized_keys': 'Unknown field.',
  'zod.invalid': 'Value refused.',
};

export const refusalTexts = { fr, en } as const;

/** How an app writes numbers and amounts in its locale. */
export interface RefusalFormats {
  number(value: number): string;
  money(minor: number, currency: string): string;
}

/**
 * A reason's or an issue's words with its parameters: numbers in the locale's format, and an
 * amount (`heldMinor` + `currency`) as money under its short name (`{held}`). Unknown keys get
 * the generic text of `fallback`: never the server's English.
 */
export function wordRefusal(
  locale: keyof typeof refusalTexts,
  key: string,
  params: Record<string, unknown> = {},
  formats: RefusalFormats,
  fallback: Reason | IssueTextKey = 'internal',
): string {
  const texts = refusalTexts[locale];
  const text = Object.hasOwn(texts, key) ? texts[key as Reason] : texts[fallback];
  const currency = typeof params.currency === 'string' ? params.currency : undefined;
  const values = new Map<string, string>();
  for (const [name, value] of Object.entries(params)) {
    if (typeof value === 'number' && name.endsWith('Minor') && currency) {
      values.set(name.slice(0, -'Minor'.length), formats.money(value, currency));
    } else if (typeof value === 'number') values.set(name, formats.number(value));
    else if (typeof value === 'string') values.set(name, value);
  }
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => values.get(name) ?? whole);
}
