/**
 * Deterministic reply rules (English, German, French, Spanish, Portuguese), written against folded text (lower case,
 * no accents, plain apostrophes). Each rule names a signal; the classifier turns signals into one class by
 * a fixed precedence (see `classify.ts`).
 *
 * Guards:
 * - `negatable`: discarded when a negation sits inside the match or just before it ("noch nicht bezahlt",
 *   "no hemos pagado", "we have not paid").
 * - `pastGuard`: a promise discarded when a past marker sits just before it ("ya pagamos el lunes").
 * - `futureGuard`: a payment claim discarded when a future auxiliary sits just before it ("wird heute
 *   überwiesen" is a promise, not a payment made).
 * - `transit`: a promise about money in transit ("should arrive Friday"), which loses to a payment claim.
 * A rule may bring its own language's negation, past and future markers (`negation`, `past`, `future`): the
 * Portuguese rules do, since Portuguese "no" is "in the" ("no dia 20 vamos pagar") and "ja" is German "yes".
 */

export type Signal =
	| 'bounce'
	| 'auto_reply'
	| 'unsubscribe'
	| 'unsubscribe_weak'
	| 'dispute'
	| 'plan'
	| 'promise'
	| 'already_paid'
	| 'ooo'
	| 'question'
	| 'invoice_missing';

export interface Rule {
	id: string;
	signal: Signal;
	re: RegExp;
	negatable?: boolean;
	pastGuard?: boolean;
	futureGuard?: boolean;
	transit?: boolean;
	/** For promises: a question without a date in the same sentence is not a promise ("Can I pay by card?"). */
	questionSensitive?: boolean;
	/**
	 * The verb form is the same in present and past (Spanish "pagamos" = we pay / we paid): the date decides.
	 * A past date in the sentence turns the match into a payment claim; no future date, no promise.
	 */
	ambiguousTense?: boolean;
	/** This rule's negation, past and future markers, instead of {@link NEGATION}, {@link PAST_MARKER}, {@link FUTURE_MARKER}. */
	negation?: RegExp;
	past?: RegExp;
	future?: RegExp;
}

const r = (id: string, signal: Signal, re: RegExp, extra: Partial<Rule> = {}): Rule => ({ id, signal, re, ...extra });

export const NEGATION = /\b(not|never|no|nicht|nie|niemals|kein|keine|keinen|pas|jamais|nunca|todavia no|aun no|noch nicht)\b|n't\b/;
export const PAST_MARKER = /\b(ya|already|bereits|schon|deja|hemos|habiamos|avons|have|haben)\s*$/;
/** Portuguese negation, past and future markers (folded: "não" is "nao", "já" is "ja"). */
const NEGATION_PT = /\b(nao|nunca|jamais|nem)\b/;
const PAST_PT = /\b(ja|tinhamos|haviamos)\s*$/;
const FUTURE_PT = /\b(vai|vao|vamos|vou|iremos|ira|sera|serao|deve|devera|podemos|pode)\b[^.?!]{0,12}$/;
const PT = { negation: NEGATION_PT, past: PAST_PT, future: FUTURE_PT };
export const FUTURE_MARKER = /\b(wird|werden|werde|will|wollen|mochten|kann|konnen|soll|sollen|sera|seront|va|vont|will|shall|would|se)\b[^.?!]{0,12}$/;

/** Short SMS keywords that mean "stop messaging me" (CTIA / carriers, and the usual local words). */
export const STOP_KEYWORDS = new Set([
	'stop', 'stopall', 'stop all', 'unsubscribe', 'cancel', 'end', 'quit', 'optout', 'opt out', 'opt-out', 'revoke',
	'stopp', 'abmelden', 'abbestellen',
	'arret', 'arreter', 'desabonner', 'desabonnement', 'desinscrire', 'desinscription',
	'baja', 'alta baja', 'darme de baja', 'darse de baja', 'parar', 'alto', 'cancelar',
	'sair', 'pare', 'descadastrar', 'descadastre', 'descadastro', 'cancelar inscricao',
]);

const GOODS_EN = '(?:goods|order|item|items|product|products|delivery|shipment|package|parcel|equipment|parts|materials|hardware|licen[cs]es?|access|laptops?|machine|devices?)';
const GOODS_DE = '(?:ware|waren|lieferung|bestellung|paket|sendung|leistung|leistungen|artikel|produkt|produkte|gerat|gerate|material|lizenz|lizenzen|zugang)';
const GOODS_FR = '(?:marchandises?|commandes?|colis|produits?|livraisons?|prestations?|materiels?|articles?|licences?|acces)';
const GOODS_PT = '(?:pedido|pedidos|mercadorias?|produtos?|pacotes?|encomendas?|entregas?|material|materiais|servicos?|itens|item|equipamentos?|licencas?|acesso|sistema)';
const GOODS_ES = '(?:pedido|pedidos|mercancia|mercancias|productos?|paquetes?|envios?|material|materiales|servicios?|articulos?|equipos?|licencias?|acceso)';
const WEEKDAY_ALL = '(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|lunes|martes|miercoles|jueves|viernes|sabado|domingo)';

export const RULES: Rule[] = [
	// ----- bounces (email delivery failures arriving as replies)
	r('any.bounce.dsn', 'bounce', /\b(undeliverable|undelivered mail|delivery status notification|delivery (has )?failed|mail delivery (failed|subsystem)|returned mail|address not found|message not delivered|recipient address rejected|user unknown|mailbox (unavailable|is full|full|not found)|550[ -]5[.·]1[.·]1|unzustellbar|nicht zustellbar|non remis|echec de (la )?(remise|distribution)|no se (pudo|ha podido) entregar)\b/),

	// ----- auto replies (out of office)
	r('en.ooo.out-of-office', 'auto_reply', /\bout of (the )?office\b|\booo\b/),
	r('en.ooo.away', 'auto_reply', /\b(i am|i'm|i will be|i'll be)( currently)? (away from (the|my) (office|desk)|on (annual |parental |maternity |paternity |sick |medical |study )?leave|on (vacation|holiday|holidays|pto|a business trip)|out sick|travell?ing( with limited| and will have limited)?)\b/),
	r('en.ooo.limited-access', 'auto_reply', /\b(limited|no) (access to (my )?e-?mails?|email access|connectivity)\b|\bchecking e-?mails? (only )?(intermittently|sporadically|occasionally)\b/),
	r('en.ooo.on-return', 'auto_reply', /\b(respond|reply|get back to you|answer)[^.?!]{0,40}\b(on|upon|after|when) (my|i) return/),
	r('en.ooo.auto', 'auto_reply', /\b(automatic|automated|auto)[- ]?(reply|response)\b/),
	r('de.ooo.abwesend', 'auto_reply', /\b(abwesenheit\w*|automatische antwort|nicht im (buro|hause|haus|office)|ausser haus|im (urlaub|jahresurlaub|mutterschutz)|auf dienstreise|in elternzeit|krankgeschrieben|urlaubsbedingt abwesend)\b/),
	r('de.ooo.wieder', 'auto_reply', /\b(ab (dem )?[^.?!]{1,25} |bin [^.?!]{0,30})wieder (erreichbar|im buro|fur sie da|da|zuruck)\b|\b(keinen|eingeschrankten) zugriff auf (meine )?e-?mails\b/),
	r('fr.ooo.absent', 'auto_reply', /\b(absente? du bureau|reponse automatique|message d'absence|en (conges?|vacances|deplacement|conge maternite|conge parental|arret maladie)|actuellement absente?|je suis absente?|je serai absente?)\b/),
	r('fr.ooo.retour', 'auto_reply', /\b(je serai de retour|de retour (le|au bureau|a partir|lundi|mardi|mercredi|jeudi|vendredi|des)|a mon retour|acces (limite|restreint) (a|aux) (mes )?(e-?mails|courriels|messagerie))\b/),
	r('es.ooo.fuera', 'auto_reply', /\b(fuera de (la )?oficina|respuesta automatica|de vacaciones|de viaje de (trabajo|negocios)|(estoy|estare|me encuentro)( actualmente)? (ausente|fuera|de baja (medica|por maternidad|por paternidad)))\b/),
	r('es.ooo.regreso', 'auto_reply', /\b((estare|estaremos) de (vuelta|regreso)|regresare|volvere (a la oficina|el)|me reincorporo|me reincorporare|a mi (regreso|vuelta)|acceso limitado al correo)\b/),

	// ----- unsubscribe / STOP
	r('en.unsub.unsubscribe', 'unsubscribe', /\bunsubscribe\b|\bopt(-| )?out\b/),
	r('en.unsub.remove-me', 'unsubscribe', /\b(remove|take) (me|us|my (e-?mail|address|number|details)|this (e-?mail|address|number)) (off|from) (your|the|this|all)( \w+){0,2} (list|lists|database|mailing|distribution|system)\b/),
	r('en.unsub.do-not-contact', 'unsubscribe', /\b(do not|don't|never) (contact|email|e-mail|text|message|call|sms) (me|us)( again| anymore| any more)?\b|\bno more (texts|sms|text messages|emails|e-mails|messages)\b|\bstop (all )?(texting|texts|text messages|sms)\b/),
	r('de.unsub.abmelden', 'unsubscribe', /\b(abmelden|abbestellen|austragen)\b|\bkeine (weiteren )?(e-?mails|nachrichten|sms|mails|erinnerungen|mahnungen) mehr\b|\b(kontaktieren|schreiben|mailen|anrufen) sie (mich|uns) (bitte )?(nicht mehr|nie wieder)\b|\baus (ihrem|dem|ihrer) (verteiler|liste|mailingliste|newsletter)\b/),
	r('fr.unsub.desabonner', 'unsubscribe', /\b(desabonn\w*|desinscri\w*)\b|\bne (plus|pas) (me |m'|nous )(contacter|recontacter|solliciter|envoyer|ecrire|relancer)\b|\bne plus recevoir\b|\b(retirez|supprimez|enlevez)(-| )(moi|nous)\b|\bplus de (sms|messages|e-?mails|courriels)\b/),
	r('es.unsub.baja', 'unsubscribe', /\b(dar(me|nos)?|darse) de baja\b|\bno (me|nos) (envien|manden|contacten|escriban|llamen)( mas)?\b|\bno (quiero|deseo|queremos) (seguir )?recib\w*|\b(eliminar|borrar|quitar|sacar)(me|nos)? de (su|la|vuestra|esta) (lista|base de datos)\b/),
	r('en.unsub.stop-sending', 'unsubscribe_weak', /\bstop (sending|emailing|e-mailing|contacting|bothering|spamming|harass\w*|chasing) (me|us)\b|\bstop (these|the|your|sending) (emails|e-mails|messages|reminders|texts)\b|\bleave (me|us) alone\b/),
	r('de.unsub.aufhoren', 'unsubscribe_weak', /\bhoren sie auf\b|\blassen sie (mich|uns) in ruhe\b/),
	r('fr.unsub.arretez', 'unsubscribe_weak', /\barretez (de (m'|nous |me |vous )?(envoyer|contacter|ecrire|relancer|harceler)|vos (mails|messages|relances|sms))\b/),
	r('es.unsub.dejen', 'unsubscribe_weak', /\bdejen de (enviar|escribir|contactar|mandar|llamar|molestar)\w*/),

	// ----- disputes
	r('en.dispute.word', 'dispute', /\b(disput(e|ing|ed)|contest(ing|ed)?|chargeback)\b/),
	r('en.dispute.wrong-amount', 'dispute', /\b(wrong|incorrect|inaccurate|erroneous|inflated) (amount|invoice|total|price|pricing|rate|charge|quantity|billing|vat|tax|figure|hours|number of)\b|\b(amount|invoice|total|price|charge|bill|figure|quantity|rate|hours)s?\b[^.?!]{0,25}\b(is|are|seems?|looks?|appears?) (to be )?(wrong|incorrect|too high|off|not correct|not right|inflated|inaccurate)\b/),
	r('en.dispute.not-ordered', 'dispute', /\b(we|i) (never|did not|didn't|have not|haven't|do not|don't) (order(ed)?|purchase(d)?|sign(ed)? up( for)?|agree(d)? to|authori[sz]e(d)?|request(ed)?|use(d)?|book(ed)?)\b|\bnot what (we|i) (agreed|ordered|were quoted|signed up for)\b/),
	r('en.dispute.not-received', 'dispute', new RegExp(`\\b(never|not|haven't|have not|didn't|did not|still (haven't|have not|not))( yet)? (receive[d]?|got|gotten|get)\\b[^.?!]{0,30}\\b${GOODS_EN}\\b|\\b${GOODS_EN}\\b[^.?!]{0,30}\\b(never|not|hasn't|has not|haven't|have not|wasn't|was not|weren't|were not|didn't|did not|still hasn't|still not)( yet)? (arrive[ds]?|been delivered|delivered|show(n|ed)? up|turn(ed)? up|been received|work(ing|ed|s)?|been (installed|activated))\\b`)),
	r('en.dispute.not-done', 'dispute', /\b(service|work|project|job|installation|repair|training|consulting|onboarding)\b[^.?!]{0,30}\b(never|not|wasn't|was not|hasn't been|has not been|isn't|is not)( yet)? (completed|done|delivered|provided|performed|finished|carried out)\b/),
	r('en.dispute.double', 'dispute', /\b(charged|billed|invoiced) (us |me )?(twice|double|two times|more than once|incorrectly|wrongly|by mistake|in error)\b|\bdouble[- ](charged|billed|billing|charge|invoiced)\b|\bduplicate (invoice|charge|billing)\b|\bover-?(charg|bill)\w*/),
	r('en.dispute.cancelled', 'dispute', /\b(cancel+ed|terminated|ended) (the |our |my )?(subscription|contract|account|service|order|membership|plan)\b|\b(subscription|contract|order) (was|has been|had been) (cancel+ed|terminated)\b/),
	r('en.dispute.quality', 'dispute', /\b(damaged|defective|faulty|broken|not working|doesn't work|does not work|poor quality|substandard|unusable)\b|\b(we|i) (already )?returned (the|it|them|everything)\b/),
	r('en.dispute.credit', 'dispute', /\b(credit note|credit memo|corrected invoice|revised invoice|refund)\b/),
	r('en.dispute.refuse', 'dispute', /\b(we|i) (will not|won't|refuse to|are not going to|am not going to|cannot accept|do not accept|don't accept|shall not) (pay|be paying|accept|settle)\b|\bnot (liable|responsible) for (this|these|the)\b/),
	r('de.dispute.word', 'dispute', /\b(widerspr(uch|eche|echen)|reklamation|reklamier\w*|beanstand\w*|beschwerde)\b/),
	r('de.dispute.wrong-amount', 'dispute', /\b(betrag|rechnung|rechnungsbetrag|preis|summe|menge|abrechnung|stundenzahl|stunden|berechnung)\b[^.?!]{0,25}\b(ist|sind|scheint|scheinen|stimmt|stimmen)( leider| so)? (nicht|falsch|fehlerhaft|zu hoch|inkorrekt|nicht korrekt|nicht richtig)\b|\b(falsche[nrms]?|fehlerhafte[nrms]?|unrichtige[nrms]?|uberhohte[nrms]?) (rechnung|betrag|betrage|preis|abrechnung|menge|rechnungsbetrag|berechnung|stundenzahl)\b/),
	r('de.dispute.not-ordered', 'dispute', /\b(nicht|nie|niemals) (bei ihnen )?(bestellt|beauftragt|bestatigt|vereinbart)\b|\bkeine bestellung\b/),
	r('de.dispute.not-received', 'dispute', new RegExp(`\\b${GOODS_DE}\\b[^.?!]{0,40}\\b(nicht|nie|noch nicht|niemals) (erhalten|angekommen|geliefert|eingetroffen|erbracht|bekommen|zugestellt|funktioniert)\\b|\\b(nicht|nie|noch nicht|niemals) (erhalten|bekommen|geliefert)\\b[^.?!]{0,30}\\b${GOODS_DE}\\b`)),
	r('de.dispute.double', 'dispute', /\bdoppelt (berechnet|abgebucht|belastet|in rechnung gestellt|fakturiert|abgerechnet)\b|\bzu viel (berechnet|abgerechnet|in rechnung)\b/),
	r('de.dispute.cancelled', 'dispute', /\b(gekundigt|storniert|widerrufen)\b|\b(mangelhaft|defekt|beschadigt|kaputt|funktioniert nicht)\b|\b(zuruckgeschickt|retourniert|zuruckgesendet)\b/),
	r('de.dispute.credit', 'dispute', /\b(gutschrift|korrigierte rechnung|rechnungskorrektur|stornorechnung|erstattung|ruckerstattung)\b/),
	r('de.dispute.refuse', 'dispute', /\b(werden|werde)( diese rechnung| die rechnung| das| den betrag| diese)? nicht (bezahlen|zahlen|begleichen)\b|\b(zahlen|bezahlen|begleichen) (wir|ich) (so )?nicht\b/),
	r('fr.dispute.word', 'dispute', /\b(contest\w*|litige|reclamation)\b/),
	r('fr.dispute.wrong-amount', 'dispute', /\b(montant|facture|prix|total|quantite|tarif|somme|nombre d'heures)\b[^.?!]{0,25}\b(incorrecte?|erronee?|faux|fausse|trop eleve|inexacte?|pas correcte?|pas bon|ne correspond pas)\b|\berreur (sur|dans) (la|votre|cette) facture\b/),
	r('fr.dispute.not-ordered', 'dispute', /\b(jamais|pas|rien) commande\b|\b(n'avons|n'ai) (jamais|pas) (rien )?(commande|signe|accepte|valide)\b/),
	r('fr.dispute.not-received', 'dispute', new RegExp(`\\b${GOODS_FR}\\b[^.?!]{0,40}\\b(jamais|pas|toujours pas) (ete )?(arrivee?s?|recue?s?|livree?s?|effectuee?s?|realisee?s?|fonctionne)\\b|\\b(jamais|pas|toujours pas) (recu|ete livres?)\\b[^.?!]{0,30}\\b${GOODS_FR}\\b`)),
	r('fr.dispute.double', 'dispute', /\bfacture(e|s)? (deux fois|en double|a tort)\b|\b(double|deux fois) (facturation|preleve|debite|facture)\b/),
	r('fr.dispute.cancelled', 'dispute', /\b(resili|annul)\w* (notre|mon|la|le|l') ?(commande|abonnement|contrat)\b|\b(abonnement|contrat|commande) (a ete |est |etait )?(resilie|annule)e?\b|\b(defectueu\w*|abime\w*|endommage\w*|ne fonctionne pas)\b|\brenvoye (la|le|les) (marchandise|colis|produit)/),
	r('fr.dispute.credit', 'dispute', /\b(un avoir|facture rectificative|rembours\w*)\b/),
	r('fr.dispute.refuse', 'dispute', /\bne (paierons|payerons|reglerons|payons|reglons|paierai|reglerai|payerai) pas\b|\bpas d'accord\b/),
	r('es.dispute.word', 'dispute', /\b(disputa|impugna\w*|reclamacion|reclamar|reclamamos)\b/),
	r('es.dispute.wrong-amount', 'dispute', /\b(importe|factura|precio|monto|total|cantidad|cobro|tarifa)\b[^.?!]{0,25}\b(incorrect[oa]s?|equivocad[oa]s?|erroneo|erronea|demasiado alt[oa]|no es correct[oa]|no corresponde)\b|\berror en (la|su|esta) factura\b/),
	r('es.dispute.not-ordered', 'dispute', /\bno (hemos|he) (pedido|solicitado|encargado|contratado|autorizado)\b|\bnunca (pedimos|pedi|solicitamos|contratamos|hemos pedido)\b/),
	r('es.dispute.not-received', 'dispute', new RegExp(`\\bno (hemos|he) recibido\\b[^.?!]{0,30}\\b${GOODS_ES}\\b|\\b${GOODS_ES}\\b[^.?!]{0,30}\\b(no|nunca|todavia no|aun no) (ha llegado|han llegado|llego|llegaron|se entrego|fue entregad[oa]|ha sido entregad[oa]|se ha prestado|funciona)\\b|\\bnunca (llego|recibimos)\\b`)),
	r('es.dispute.double', 'dispute', /\bcobrad[oa]s? dos veces\b|\b(cobro|cargo|factura) (doble|duplicad[oa])\b|\bdoble (cobro|cargo|facturacion)\b/),
	r('es.dispute.cancelled', 'dispute', /\b(cancelamos|dimos de baja|cancele|rescindimos)\b[^.?!]{0,20}\b(suscripcion|contrato|servicio|pedido|cuenta)\b|\b(suscripcion|contrato) (fue |esta |ya esta )?(cancelad[oa]|rescindid[oa])\b|\bdefectuos\w*/),
	r('es.dispute.credit', 'dispute', /\b(reembols\w*|nota de credito|factura rectificativa|abono de la factura)\b/),
	r('es.dispute.refuse', 'dispute', /\bno estamos de acuerdo\b|\bno (vamos a pagar|pagaremos|pagare|vamos a abonar|abonaremos)\b/),

	r('en.dispute.incomplete', 'dispute', /\b(incomplete|partial|short[- ]shipped|short) (delivery|shipment|order)\b|\b(delivery|shipment|order)\b[^.?!]{0,25}\b(was|is|arrived) (incomplete|short|missing items)\b|\b(\d+|one|two|three|four|five|some|several) (items?|units?|parts?|boxes|pieces?|lines?) (are|were|is|was) missing\b|\bmissing (\d+|one|two|three|four|five|some|several) (items?|units?|parts?|boxes|pieces?)\b/),
	r('en.dispute.mismatch', 'dispute', /\b(doesn't|does not|don't|do not|didn't|did not) (match|correspond to|reflect) (the |our |your )?(quote|quotation|estimate|po|purchase order|order|contract|agreement|agreed|price list|proposal)\b|\b(is|was|are|were) not what (was|is|we) (in (our|the) (contract|agreement|quote|order)|agreed|quoted|ordered|signed up for)\b|\b(we )?(agreed|were quoted|signed for|contracted)\b[^.?!]{0,30}\bnot\b/),
	r('de.dispute.incomplete', 'dispute', /\b(lieferung|ware|sendung|bestellung)\b[^.?!]{0,30}\bunvollstandig\b|\bunvollstandige (lieferung|sendung|ware)\b|\bes fehl(en|t) (\d+|ein|eine|zwei|drei|vier|funf|mehrere|einige) (positionen|position|artikel|teile|stuck|pakete|kartons|einheiten)\b|\b(entspricht|entsprechen) nicht (dem|unserem|ihrem|der) (angebot|auftrag|vertrag|vereinbarung|bestellung|kostenvoranschlag)\b|\bvereinbart\b[^.?!]{0,30}\b(statt|anstatt|nicht)\b/),
	r('fr.dispute.incomplete', 'dispute', /\b(livraison|commande|colis|marchandise)\b[^.?!]{0,30}\bincomplete?s?\b|\bil (nous )?manque (\d+|un|une|deux|trois|quatre|cinq|des|plusieurs) (articles?|produits?|pieces?|colis|elements?|unites?|cartons?|references?)\b|\bne (correspond|correspondent) pas (au|a la|aux|avec (le|la|notre|votre)) ?(devis|commande|contrat|bon de commande|tarif|accord|proposition)\b|\bn'est pas (celui|celle|conforme)( prevue?)? (du|de notre|de votre|au|a la|dans le) ?(contrat|devis|accord|commande|bon de commande)\b|\bconvenu(e|s|es)?\b[^.?!]{0,30}\b(et non|au lieu de|pas)\b/),
	r('es.dispute.incomplete', 'dispute', /\b(pedido|envio|entrega|mercancia)\b[^.?!]{0,30}\bincomplet[oa]s?\b|\bfalta(n)? (\d+|un|una|dos|tres|cuatro|cinco|varios|varias|algunos|algunas) (articulos?|productos?|piezas?|unidades|cajas|bultos)\b|\bno (corresponde|corresponden|coincide|coinciden) (con|al|a la) (el |la |nuestro |nuestra |su )?(presupuesto|pedido|contrato|oferta|acuerdo|tarifa|cotizacion)\b|\bno es (la|el|lo) (del|de su|de nuestro|de nuestra|que (acordamos|pactamos|firmamos)) ?(contrato|presupuesto|acuerdo|pedido|oferta)?\b|\b(acordamos|acordad[oa]s?|pactad[oa]s?|pactamos|convenid[oa]s?)\b[^.?!]{0,30}\b(y no|no de|en lugar de|en vez de)\b/),

	// ----- payment plan requests
	r('en.plan.plan', 'plan', /\b(payment plan|instal+ments?|payment (arrangement|schedule)|(extended|longer|extra) (payment )?terms)\b/),
	r('en.plan.split', 'plan', /\b(pay|settle|clear)( it| this| the (balance|invoice|amount|bill|rest))? (in|over|across) (\w+ )?(parts|chunks|stages|tranches|months|weeks|payments)\b|\bsplit (the |this |it |our |that )?(payment|invoice|amount|balance|bill|into|in)\b|\bspread (the |this |out )?(payment|payments|cost|amount|balance|it)\b|\b(monthly|weekly|bi-?weekly|fortnightly) (payments|amounts)\b|\bpay in (chunks|parts|two|three|2|3|4)\b/),
	r('en.plan.half-now', 'plan', /\b(\d{1,3} ?%|half|a third|part|some|a portion|a part)( of (it|the balance|the amount|the invoice))? (now|today|immediately|upfront|up front|this week|this month|on \w+)\b[^.?!]{0,60}\b(rest|remainder|balance|other half|second half)\b/),
	r('de.plan.raten', 'plan', /\b(ratenzahlung\w*|in raten|teilzahlung\w*|ratenplan|zahlungsplan|ratenvereinbarung|tilgungsplan|stundung)\b|\bin (mehreren|zwei|drei|vier|\d) (teilen|raten|tranchen|teilbetragen|betragen)\b|\bmonatliche[n]? (raten|teilbetrage|betrage|zahlungen)\b|\baufteilen\b|\b(halfte|einen teil|\d{1,3} ?%|\d{1,3} prozent)( des betrags| der summe)? (jetzt|sofort|heute|diese woche|vorab)\b[^.?!]{0,50}\b(rest|restbetrag|andere halfte)\b|\b(auf|uber|in) (mehrere|zwei|drei|vier|sechs|\d+) (monate|monaten|wochen|raten|zahlungen)\b[^.?!]{0,20}\b(zahlen|bezahlen|abbezahlen|abzubezahlen|abzahlen|abzuzahlen|begleichen|verteilen|strecken|aufteilen|tilgen)\b|\b(abbezahlen|abzubezahlen|abzahlen|abzuzahlen|abstottern)\b|\bdauerauftrag\b|\b(zahlung|betrag|summe|rechnung|rechnungsbetrag)\b[^.?!]{0,30}\b(verteilen|strecken)\b/),
	r('fr.plan.echeancier', 'plan', /\b(regler|payer|rembourser|solder|etaler)\b[^.?!]{0,15}\b(sur|en) (plusieurs|deux|trois|quatre|six|\d+) (mois|semaines)\b|\bvirement permanent\b|\b(echeancier|mensualites|etaler|echelonn\w*|plan de (paiement|remboursement|reglement)|facilites de paiement|(delai|report) de paiement)\b|\ben (plusieurs|deux|trois|quatre|cinq|six|\d) (fois|mensualites|versements|echeances|tranches)\b|\b(la moitie|une partie|\d{1,3} ?%)( du montant| de la facture)? (maintenant|aujourd'hui|cette semaine|tout de suite|immediatement)\b[^.?!]{0,50}\b(reste|solde|autre moitie)\b/),
	r('es.plan.plazos', 'plan', /\b(pagar|abonar|liquidar|saldar|devolver)\b[^.?!]{0,15}\ben (varios|dos|tres|cuatro|seis|\d+) meses\b|\bdomiciliar los pagos\b|\b(plan de pagos?|(a|en) plazos|(en|a) cuotas|fraccionar|fraccionad[oa]|aplazar|aplazamiento|financiar|financiacion|acuerdo de pago)\b|\b(pagos|abonos) (mensuales|parciales|fraccionados|semanales)\b|\ben (varias|dos|tres|cuatro|\d) (partes|cuotas|pagos|veces|plazos)\b|\b(la mitad|una parte|el \d{1,3} ?%)( del importe| de la factura)? (ahora|hoy|esta semana|ya)\b[^.?!]{0,50}\b(resto|otra mitad)\b|\b(repartir|distribuir|dividir) (el pago|el importe|la factura|la deuda|el saldo)\b/),

	// ----- promises to pay
	r('en.promise.will-pay', 'promise', /\b(i|we)('ll| will| shall| are going to|'re going to| am going to|'m going to| plan to| intend to| expect to| aim to| hope to| can| could| should be able to| will be able to|'ll be able to| would like to| want to| are able to| will try to|'ll try to|'ll make sure to| will make sure to)( be able to)?( definitely| certainly| probably| likely)? (pay|settle|transfer|wire|remit|clear|process|release|send (you |over )?(the |a |our )?(payment|money|funds|check|cheque|balance|transfer|remittance)|make (the |a |this |full )?payment|get (this|it|the invoice|the balance|that) (paid|settled|sorted|processed|cleared)|take care of (it|this|that|the invoice|the balance)|sort (it|this|that)( out)?)\b/, { negatable: true, pastGuard: true, questionSensitive: true }),
	r('en.promise.will-pay-bare', 'promise', /(^|[.!,;:\n-]\s*|\b(and|so|but|then|hi|hello|hey|thanks)\s+)(will|'ll|gonna|going to|can) (pay|settle|transfer|clear|send (the )?payment|sort (it|this)( out)?|get (it|this) (paid|sorted|done))\b/, { negatable: true, pastGuard: true, questionSensitive: true }),
	r('en.promise.sending', 'promise', /\b(sending|paying|transferring|wiring|settling|releasing) (you )?(the |your |our )?(payment|it|this|the invoice|the balance|the money|funds|over)\b/, { negatable: true, pastGuard: true, questionSensitive: true }),
	r('en.promise.will-be-paid', 'promise', /\b(payment|transfer|the money|the funds|a check|a cheque|the check|the balance|the invoice|it|this|the remaining balance|the rest|the remainder|remaining amount|the outstanding amount)\b (will|should|is going to|shall|'ll) (be )?(paid|settled|sent|made|transferred|processed|released|wired|cleared|issued|initiated|going out|go out)\b/, { negatable: true, pastGuard: true }),
	r('en.promise.scheduled', 'promise', /\b(is|has been|was|are|it's|it is) (scheduled|planned|queued|set up|booked|approved|lined up) (for payment|for|to be paid|on|to go out)\b|\b(scheduled|schedule) (the |a |this |your )?payment\b|\bpayment (is |has been )?(scheduled|planned|queued|approved)\b/, { negatable: true }),
	r('en.promise.cant-until', 'promise', /\b(can't|cannot|can not|won't be able to|will not be able to|unable to|not able to) (pay|settle|make the payment|do it|do this|do that|manage it|manage)( it| this| the invoice| the balance| you)? (until|before|till|prior to)\b/),
	r('en.promise.paying-on', 'promise', /\b(pay(ing)?|settl(e|ing))( it| this| the invoice| the balance| you| that)? (on|by|next|this|at the end|before|tomorrow|today|within|in the next|first thing|end of)\b/, { negatable: true, pastGuard: true, questionSensitive: true }),
	r('en.promise.payment-run', 'promise', /\b(next|upcoming|our|the) (payment|check|cheque|pay|payables) (run|cycle|batch)\b|\bpromise (to pay|you)\b|\bi promise\b|\byou('ll| will) (have|receive|get|see) (the |your |our )?(payment|money|funds|it|transfer)\b|\b(as soon as|once) (we|i) (get|receive|are paid|have been paid|have the funds|get paid)\b|\bexpect (it|payment|the payment|the money|the funds|the transfer|our payment)\b|\b(we are|we're|i am|i'm) (processing|paying|sending|transferring|arranging|releasing|wiring|settling) (the |your |this |our )?(payment|invoice|balance|transfer|money|funds|it)\b|\byou should (see|receive|get|have) (it|the payment|the money|the funds|our payment|the transfer)\b/, { negatable: true }),
	r('en.promise.transit', 'promise', /\b(should|will) (arrive|reach you|be in your account|hit your account|clear|land|show up|be credited)\b/, { negatable: true, transit: true }),
	r('de.promise.werden-zahlen', 'promise', /\b(werde|werden|wird|will|wollen|mochten|mochte|konnen|kann|sollte|sollten|versuchen)\b[^.?!]{0,50}\b(zahlen|bezahlen|begleichen|uberweisen|anweisen|uberwiesen|bezahlt|beglichen|angewiesen|ausgeglichen|veranlassen|freigeben|freigegeben|ausgleichen)\b/, { negatable: true, pastGuard: true, questionSensitive: true }),
	r('de.promise.ueberweisen-am', 'promise', new RegExp(`\\b(zahlen|bezahlen|begleichen|uberweisen|uberweise|zahle|bezahle|begleiche|gleichen)\\b( wir| ich| es| sie| den betrag| die rechnung| diese| das)*( [a-z]+)?\\b[^.?!]{0,25}\\b(am|bis|nachste|nachsten|naechste|morgen|ende|anfang|mitte|diese|zum|spatestens|innerhalb|heute|ubermorgen|sobald|kommende|kommenden|im (januar|februar|marz|april|mai|juni|juli|august|september|oktober|november|dezember)|${WEEKDAY_ALL}|\\d)`), { negatable: true, pastGuard: true, questionSensitive: true }),
	r('de.promise.zahlung-folgt', 'promise', /\b(zahlung|uberweisung|betrag|restbetrag|rest|geld)\b[^.?!]{0,20}\b(folgt|kommt|erfolgt (am|bis|nachste|nachsten|morgen|ende|anfang|mitte|im|zum|spatestens|innerhalb|in|sobald|diese|\d)|geht [^.?!]{0,40}raus|wird [^.?!]{0,30}(veranlasst|angewiesen|uberwiesen|ausgefuhrt|erfolgen|bezahlt|beglichen|freigegeben))/, { negatable: true }),
	r('de.promise.zahlungslauf', 'promise', /\b(zahlungslauf|zahllauf)\b|\b(ist|wurde|sind) (fur|zum|auf) [^.?!]{0,25}(eingeplant|vorgemerkt|terminiert|angesetzt|geplant)\b|\b(eingeplant|vorgemerkt|terminiert) (fur|zum|am)\b|\bsobald (wir|ich)\b[^.?!]{0,40}\b(erhalten|bekommen|haben|da ist|eingegangen)\b/, { negatable: true }),
	r('de.promise.kommt', 'promise', /\bkommt (das geld|die zahlung|die uberweisung|der betrag|der rest)\b|\b(sie )?(erhalten|bekommen) (das geld|die zahlung|die uberweisung|den betrag)\b/, { negatable: true }),
	r('de.promise.transit', 'promise', /\b(sollte|wird|durfte|sollten)\b[^.?!]{0,30}\b(eingehen|ankommen|gutgeschrieben|auf ihrem konto)\b/, { negatable: true, transit: true }),
	r('fr.promise.aller-payer', 'promise', /\b(vais|allons|va|compte|comptons|pourrai|pourrons|devrais|devrions|prevois|prevoyons|pensons|pense|souhaitons|souhaite|peux|pouvons|essaierai|essaierons)\b[^.?!]{0,30}\b(payer|regler|virer|verser|solder|effectuer le (virement|paiement|reglement)|faire (le|un) (virement|paiement|reglement)|proceder au (paiement|reglement|virement)|envoyer (le|un) (paiement|cheque|virement))\b/, { negatable: true, pastGuard: true, questionSensitive: true }),
	r('fr.promise.present', 'promise', /\b(je|nous|on)( vous| te| la| le)? (paie|paye|payons|regle|reglons|vire|virons|verse|versons|envoie|envoyons|fais|faisons|lance|lancons)( ca| cela| le| la| les| le virement| un virement| le paiement| le reglement| le cheque| le solde)?\b[^.?!]{0,25}\b(demain|apres-demain|apres demain|aujourd'hui|lundi|mardi|mercredi|jeudi|vendredi|samedi|le \d|avant|d'ici|cette semaine|la semaine|fin|debut|mi-|dans|sous|des (que|reception|demain))/, { negatable: true, pastGuard: true }),
	r('fr.promise.futur', 'promise', /\b(paierai|paierons|payerai|payerons|reglerai|reglerons|virerai|virerons|verserai|verserons|effectuerai|effectuerons|ferai|ferons|solderai|solderons|enverrai|enverrons|procederai|procederons|paiera|reglera)\b/, { negatable: true }),
	r('fr.promise.sera-regle', 'promise', /\b(paiement|virement|reglement|montant|solde|cheque|versement|facture)\b[^.?!]{0,20}\b(sera|seront|va etre|devrait etre|partira|interviendra|est prevu|est programme|est planifie|suivra)\b|\b(sera|seront) (regle|reglee|payee?|vire|viree|verse|versee|solde|soldee|effectue|effectuee)\b|\b(prevu|programme|planifie)e? (pour|le|au)\b/, { negatable: true }),
	r('fr.promise.pas-avant', 'promise', /\b(ne pourr(ai|ons) pas|ne peux pas|ne pouvons pas) (vous )?(payer|regler)( la facture)? avant\b|\bdes (que|reception)\b[^.?!]{0,40}\b(recu|recevons|reception|encaisse)/),
	r('fr.promise.recevrez', 'promise', /\bvous (recevrez|aurez|allez recevoir) (le |la |votre |notre |les )?(virement|paiement|reglement|cheque|argent|fonds|somme)\b/, { negatable: true }),
	r('fr.promise.transit', 'promise', /\b(devrait|devraient|va|vont) (arriver|parvenir|etre credite|apparaitre)\b|\barrivera\b/, { negatable: true, transit: true }),
	r('es.promise.vamos-a-pagar', 'promise', /\b(voy|vamos|va|iremos) a (pagar|abonar|transferir|realizar|hacer|enviar|liquidar|saldar|ingresar|cancelar|efectuar|proceder)\b|\b(podemos|puedo|podre|podremos) (pagar|abonar|transferir|realizar el pago|hacer el pago|hacer la transferencia)\b/, { negatable: true, pastGuard: true, questionSensitive: true }),
	r('es.promise.futuro', 'promise', /\b(pagare|pagaremos|abonare|abonaremos|transferire|transferiremos|realizaremos|realizare|haremos|hare|enviaremos|enviare|liquidaremos|saldaremos|ingresaremos|efectuaremos|procederemos|cancelaremos|pagara|abonara)\b/, { negatable: true }),
	r('es.promise.se-pagara', 'promise', /\b(el pago|la transferencia|el importe|el saldo|la factura|el abono|el resto)\b[^.?!]{0,20}\b(se )?(realizara|hara|efectuara|enviara|pagara|abonara|saldra|estara|sera (pagad[oa]|abonad[oa]|transferid[oa]|realizad[oa]|efectuad[oa]))\b|\bse (pagara|abonara|transferira|liquidara|saldara|realizara)\b|\b(esta|queda|quedo) (programad[oa]|previst[oa]|agendad[oa]) (para|el)\b/, { negatable: true }),
	r('es.promise.presente', 'promise', new RegExp(`\\b((te|le|les|se lo|se la|lo|la) )?(pago|pagamos|transfiero|transferimos|abono|abonamos|ingreso|ingresamos|deposito|depositamos|hago la transferencia|hacemos la transferencia|realizo el pago|realizamos el pago|realizamos la transferencia|envio el pago|enviamos el pago|mando el pago|ordeno la transferencia|ordenamos la transferencia)\\b[^.?!]{0,40}\\b(el (${WEEKDAY_ALL}|\\d|proximo|dia)|manana|pasado manana|la (proxima|semana(?! pasada))|a fin|a finales|a principios|a mediados|antes del|hasta|en \\w+ dias|esta semana|hoy|${WEEKDAY_ALL})|\\b(manana|hoy|pasado manana|el (${WEEKDAY_ALL}|proximo \\w+)) (te |le |les |se lo |se la |lo |la )?(pago|pagamos|transfiero|transferimos|abono|abonamos|ingreso|ingresamos)\\b`), { negatable: true, pastGuard: true, ambiguousTense: true }),
	r('es.promise.no-hasta', 'promise', /\bno (podemos|puedo|podremos|podre|vamos a poder) (pagar|abonar|hacer el pago)[^.?!]{0,20}\b(hasta|antes)\b|\ben cuanto (recibamos|cobremos|tengamos)\b/),
	r('es.promise.recibira', 'promise', /\b(recibira|recibiran|recibiras|tendra|tendran|tendras) (la |el |su |tu |nuestro )?(transferencia|pago|dinero|abono|importe|ingreso)\b/, { negatable: true }),
	r('es.promise.transit', 'promise', /\b(deberia|deberian|va a|van a) (llegar|estar en su cuenta|reflejarse)\b|\bllegara\b/, { negatable: true, transit: true }),

	// ----- payment already made
	r('en.paid.already', 'already_paid', /\b(already|just) (been )?(paid|settled|sent|transferred|wired|remitted|processed)\b|\bpaid in full\b|\bit'?s (already )?been (paid|settled)\b/, { negatable: true, futureGuard: true }),
	r('en.paid.we-paid', 'already_paid', /\b(we|i)('ve| have| had)?( already| just)? (paid|settled|transferred|wired|remitted)\b/, { negatable: true }),
	r('en.paid.sent-payment', 'already_paid', /\b(we|i)('ve| have| had)?( already| just)? (sent|made|submitted|initiated|processed|issued|mailed|posted|completed) (the |a |our |your |full )?(payment|transfer|wire|bank transfer|check|cheque|remittance|money|funds|ach)\b/, { negatable: true }),
	r('en.paid.was-paid', 'already_paid', /\b(payment|transfer|wire|remittance|check|cheque|money|funds)\b (was|has been|went|were|have been)( already)? (made|sent|processed|initiated|submitted|completed|executed|done|issued|mailed|transferred|paid|released|debited|out)\b|\b(this|it|the invoice|that invoice|invoice|the balance|the bill|this one)\b (was|has been|is|were)( already)? (paid|settled|cleared)\b/, { negatable: true, futureGuard: true }),
	r('en.paid.proof', 'already_paid', /\b(check|cheque) (is|was) in the (mail|post)\b|\bremittance (advice )?(is )?(attached|enclosed)\b|\bproof of payment\b|\b(payment|transfer|wire|remittance|bank) (confirmation|receipt|advice|slip) (is )?(attached|enclosed)\b|\bsee (the )?attached (payment|remittance|transfer|receipt|confirmation|proof)\b|\byou should have (received|got|gotten) (it|the payment|the money|the funds|our payment)\b|\bshould have (arrived|reached you|cleared|been credited)\b/, { negatable: true }),
	r('de.paid.bereits', 'already_paid', /\b(bereits|schon|langst|gestern|vorgestern|letzte woche|letzten \w+)\b[^.?!\n]{0,40}?\b(bezahlt|beglichen|uberwiesen|gezahlt|angewiesen|abgebucht|ausgeglichen)\b/, { negatable: true, futureGuard: true }),
	r('de.paid.haben', 'already_paid', /\b(habe|haben|hab|hatten|hatte)\b[^.?!]{0,50}\b(bezahlt|beglichen|uberwiesen|gezahlt|angewiesen|veranlasst|ausgeglichen)\b/, { negatable: true }),
	r('de.paid.erfolgt', 'already_paid', /\b(zahlung|uberweisung|betrag|rechnung)\b[^.?!]{0,30}\b(ist|wurde|wurden|sind)\b[^.?!\n]{0,25}?\b(erfolgt|ausgefuhrt|veranlasst|getatigt|raus|unterwegs|angewiesen|durchgefuhrt|abgeschickt|rausgegangen|bezahlt|beglichen|uberwiesen)\b|\b(geld|zahlung|uberweisung) ist unterwegs\b|\b(das|es|sie|diese|die rechnung)\s+(wurde|ist|wurden|sind)\s+(bereits |schon |langst )?(bezahlt|beglichen|uberwiesen)\b|\b(zahlung|uberweisung|geld|betrag)\b[^.?!\n]{0,6}\b(ging|war)\b[^.?!\n]{0,25}\braus\b|\b(zahlungsnachweis|zahlungsbestatigung|uberweisungsbeleg|uberweisungsbestatigung|kontoauszug)\b/, { negatable: true, futureGuard: true }),
	r('fr.paid.deja', 'already_paid', /\b(deja|bien) (ete )?(paye|payee|regle|reglee|vire|viree|effectue|effectuee|verse|versee|solde|soldee)\b/, { negatable: true, futureGuard: true }),
	r('fr.paid.avons-paye', 'already_paid', /\b(nous avons|j'ai|on a|avons)( deja| bien)? (paye|regle|vire|verse|solde)\b|\b(nous avons|j'ai|on a|avons)( deja| bien)? (effectue|envoye|emis|fait|passe|initie|lance|poste) (le|un|notre|votre|ce) (virement|paiement|reglement|cheque)\b/, { negatable: true }),
	r('fr.paid.a-ete', 'already_paid', /\b(paiement|virement|reglement|cheque|facture)\b[^.?!]{0,20}\b(a ete|est|est bien|a bien ete|est deja|a deja ete) (effectue|fait|envoye|emis|parti|passe|execute|vire|regle|poste|expedie|payee?|soldee?)e?\b|\b(preuve|justificatif|avis|confirmation|ordre) de (paiement|virement|reglement)\b/, { negatable: true, futureGuard: true }),
	r('es.paid.ya', 'already_paid', /\b(transferencia|pago|abono|dinero)\b[^.?!]{0,10}\b(salio|se envio|se hizo|se realizo|ya salio)\b|\bya (la |lo |le |les )?(hemos |he |habiamos |fue |esta |estan |quedo )?(pagad[oa]|pagamos|pague|abonad[oa]|abonamos|transferid[oa]|transferimos|saldad[oa]|liquidad[oa]|enviad[oa]|enviamos|realizamos|hicimos|efectuamos)\b/),
	r('es.paid.hemos', 'already_paid', /\b(hemos|he|habiamos) (realizado|hecho|efectuado|enviado|emitido|ordenado|tramitado) (el|la|un|una) (pago|transferencia|abono|ingreso)\b|\b(hemos|he|habiamos) (pagado|abonado|transferido|saldado|liquidado)\b/, { negatable: true }),
	r('es.paid.fue', 'already_paid', /\b(pago|transferencia|abono|factura|importe)\b[^.?!]{0,20}\b(fue|ha sido|esta|quedo|ya esta)( ya)? (realizad|hech|enviad|pagad|abonad|saldad|efectuad|liquidad)[oa]\b|\bse (realizo|hizo|efectuo|envio|pago|abono) (el|la) (pago|transferencia)\b|\b(pago|transferencia|abono|factura)\b[^.?!]{0,15}\bya se (realizo|hizo|efectuo|envio|ordeno|tramito|ejecuto|pago|abono)\b|\b(comprobante|justificante|recibo) (de|del) (pago|transferencia|abono)\b|\b(pagamos|pague|enviamos|envie|transferimos|transferi|abonamos|hicimos|realizamos|ingresamos)\b[^.?!]{0,45}\b(ayer|anteayer|el (lunes|martes|miercoles|jueves|viernes) pasado|la semana pasada|el mes pasado|hace (un|una|dos|tres|\d+|unos|unas))\b|\bdeberia(n)? haber(lo|la|los)? (recibido|llegado)\b/, { negatable: true, futureGuard: true }),

	// ----- out of office written by a person (weaker than the auto-reply markers)
	r('any.ooo.vacation', 'ooo', /\b(on vacation|on holiday|im urlaub|en vacances|de vacaciones|away until|back on|zuruck am|de retour le|de vuelta el)\b/),

	// ----- questions
	r('en.question.invoice-missing', 'invoice_missing', /\b(never|not|didn't|did not|haven't|have not)( yet)? (receive[d]?|get|got|seen)( the| an| any| this| your| a)? (invoice|bill|statement|pdf)\b/),
	r('de.question.invoice-missing', 'invoice_missing', /\brechnung\b[^.?!]{0,25}\b(nicht|nie|noch nicht) (erhalten|bekommen|angekommen)\b|\b(keine|nie eine) rechnung (erhalten|bekommen)\b/),
	r('fr.question.invoice-missing', 'invoice_missing', /\bfacture\b[^.?!]{0,20}\b(pas|jamais) (ete )?recue?\b|\b(jamais|pas) recu (la|votre|cette|de) facture\b/),
	r('es.question.invoice-missing', 'invoice_missing', /\bno (hemos|he) recibido (la|su|ninguna|esta) factura\b|\bfactura\b[^.?!]{0,20}\bno (ha llegado|llego)\b/),
	r('en.question.request', 'question', /\b(can|could|would|will) you (please )?(send|resend|re-send|forward|provide|share|confirm|tell|explain|clarify|check|let (me|us) know|give|update)\b|\b(please )?(send|resend|re-send|forward|provide) (me |us )?(a |the |an )?(copy|invoice|pdf|statement|details|bank details|payment link|link|receipt|w-?9|breakdown|itemi[sz]ed)\b|\b(what|which|where|how|who|when|why) (is|are|do|does|should|can|would|was|were)\b|\bis it possible\b|\b(i'd|i would|we'd|we would) like to know\b|\b(need|require) (a |the )?(copy|po|purchase order|bank details|w-?9|vat number|breakdown)\b/),
	r('de.question.request', 'question', /\b(konnen|konnten|wurden) sie (mir|uns)?\b[^.?!]{0,40}\b(senden|schicken|zusenden|erklaren|mitteilen|bestatigen|prufen|geben|nennen|sagen)\b|\b(bitte )?(senden|schicken) sie (mir|uns)\b|\b(wie|wo|was|welche|welcher|welches|wann|warum|wieso|weshalb) (kann|konnen|ist|sind|soll|sollen|mussen|muss|lautet|genau)\b|\bist es moglich\b|\b(benotige|benotigen|brauche|brauchen) (die|eine|den|das|ihre|noch)\b|\bkopie der rechnung\b/),
	r('fr.question.request', 'question', /\b(pourriez|pouvez)(-| )vous\b|\bmerci de (bien vouloir )?(nous |me )?(renvoyer|envoyer|transmettre|confirmer|preciser|communiquer|indiquer)\b|\best-ce (que|possible)\b|\b(avons|ai) besoin (de|d')\b|\b(copie|duplicata) de (la )?facture\b|\b(quel|quelle|quels|quelles) (est|sont)\b/),
	r('es.question.request', 'question', /\b(podrian|podria|pueden|puede|podrias)\b[^.?!]{0,20}\b(enviar|mandar|reenviar|confirmar|indicar|explicar|decir|facilitar|aclarar)\b|\b(como|donde|cual|cuando|por que) (puedo|podemos|es|son|debo|debemos|se)\b|\bes posible\b|\b(necesitamos|necesito)\b|\bcopia de la factura\b/),
	// ----- Portuguese (folded: "não" is "nao", "já" is "ja", "amanhã" is "amanha"); its own negation, past and future markers
	r('pt.ooo.fora', 'auto_reply', /\b(fora do escritorio|resposta automatica|mensagem automatica|(estou|estarei|estaremos|encontro-me|estou atualmente)( atualmente)? (ausente|fora|de ferias|em ferias|viajando|de licenca|em licenca)( ate)?)\b/, PT),
	r('pt.ooo.retorno', 'auto_reply', /\b(retorno (no dia|em|dia|a partir)|retornarei|retornaremos|regresso (a|no dia|dia|em|a partir)|regressarei|regressaremos|volto (no dia|dia|em|a partir)|voltarei|estarei de volta|acesso limitado (ao|a|aos) (e-?mails?|emails?))\b/, PT),
	r('pt.unsub.descadastrar', 'unsubscribe', /\b(descadastr\w*|cancelar (a |minha |nossa )?inscricao|(remova|remover|removam|retirar|retire|retirem|tirar|tire|tirem|exclua|excluir|excluam)(-me|-nos| me| nos)?( (o |a )?(meu |minha |nosso |nossa |este |esse |o )?(e-?mail|endereco de e-?mail|contato|contacto|numero|telefone|endereco))? (d[ao]s?|desta|dessa) (sua |vossa )?(lista|base|cadastro|mailing)|cancelar o envio (destas|dessas|das|de) (mensagens|cobrancas|e-?mails|lembretes)|nao (quero|queremos|desejo|desejamos) (mais )?receber|nao (me|nos) (enviem|mandem|contatem|contactem|escrevam|liguem)( mais)?)\b/, PT),
	r('pt.unsub.parem', 'unsubscribe_weak', /\bparem de (enviar|mandar|escrever|ligar|incomodar|contatar|cobrar)\w*/, PT),
	r('pt.dispute.word', 'dispute', /\b(contest\w*|disputa|reclamacao|nao reconhec\w*|desconhec\w* (essa|esta|a) (cobranca|fatura|compra|divida))\b|\bnao e (nossa|nosso|da nossa empresa|para nos)\b|\b(deve ser|foi|houve|por) (um )?engano\b/, PT),
	r('pt.dispute.wrong-amount', 'dispute', /\b(valor|fatura|preco|cobranca|total|quantia|tarifa|montante|boleto|nota fiscal|nota|cnpj|cpf|dados)\b[^.?!]{0,25}\b(incorret[oa]s?|errad[oa]s?|indevid[oa]s?|nao (esta|estao) corret[oa]s?|nao confere|nao bate|a mais|acima do (combinado|contratado))\b|\b(cobranca|cobrado|valor|cobrada) indevid[oa]\b|\berro (na|nesta|nessa) (fatura|cobranca|nota)\b/, PT),
	r('pt.dispute.not-ordered', 'dispute', /\bnao (contratamos|contratei|pedimos|pedi|solicitamos|solicitei|autorizamos|autorizei|encomendamos|compramos)\b|\bnunca (contratamos|pedimos|solicitamos|autorizamos|compramos)\b/, PT),
	r('pt.dispute.not-received', 'dispute', new RegExp(`\\bnao (recebemos|recebi)\\b[^.?!]{0,30}\\b${GOODS_PT}\\b|\\b${GOODS_PT}\\b[^.?!]{0,30}\\b(nao|nunca|ainda nao) (chegou|chegaram|foi entregue|foram entregues|foi prestado|foi instalado|funciona|funcionou)\\b|\\bnunca (chegou|recebemos)\\b`), PT),
	r('pt.dispute.double', 'dispute', /\bcobrad[oa]s? (duas vezes|em dobro|em duplicidade)\b|\b(cobranca|fatura|debito|lancamento|boleto)\b[^.?!]{0,15}\b(duplicad[oa]|em duplicidade|em dobro)\b|\bcobranca dupla\b|\bduplicidade\b/, PT),
	r('pt.dispute.cancelled', 'dispute', /\b(cancelamos|cancelei|rescindimos|encerramos)\b[^.?!]{0,20}\b(assinatura|contrato|servico|pedido|conta|plano)\b|\b(assinatura|contrato|plano|servico) (foi |ja foi |esta |ja esta )?(cancelad[oa]|rescindid[oa]|encerrad[oa])\b|\bdefeituos\w*|\bcom defeito\b|\b(sistema|servico|plataforma|site|aplicativo)\b[^.?!]{0,20}\b(fora do ar|parad[oa]|instavel|com problemas?|nao funciona)\b|\b(queremos|solicitamos|pedimos|gostariamos de) (um |uma )?(desconto|abatimento|credito|compensacao)\b/, PT),
	r('pt.dispute.credit', 'dispute', /\b(reembols\w*|estorn\w*|nota de credito)\b/, PT),
	r('pt.dispute.refuse', 'dispute', /\bnao (concordamos|concordo)\b|\bnao (vamos|iremos|vou) pagar\b(?! (hoje|agora|ainda|este|esta|antes|ate|so|somente|apenas|neste|nesta))|\bnao pagaremos\b|\bnao pagarei\b/, PT),
	r('pt.plan', 'plan', /\b(parcelar|parcelad[oa]|parcelamento|em parcelas|em prestacoes|plano de pagamento|acordo de pagamento|negociar (a|o|essa|esta|nossa) (divida|debito|valor|fatura)|pagar em (\d+|duas|tres|quatro|cinco|seis|varias) (vezes|parcelas|partes|prestacoes)|(pagamentos|parcelas|prestacoes) (mensais|semanais|quinzenais)|dividir (o pagamento|o valor|a fatura|a divida|em \w+ (vezes|parcelas|partes|prestacoes))|em \d{1,2} ?x)\b|\bmetade (agora|hoje|esta semana)\b[^.?!]{0,50}\b(resto|restante|outra metade)\b/, PT),
	r('pt.promise.vamos-pagar', 'promise', /\b(vou|vamos|iremos|irei|vai|podemos|posso|poderemos|conseguimos|consigo|conseguiremos|pretendemos|pretendo|devemos|devo|ficamos de|fico de)( conseguir)? (pagar|transferir|quitar|liquidar|depositar|acertar|liberar o pagamento|proceder (ao|a) (pagamento|transferencia|liquidacao)|(fazer|efetuar|realizar|mandar|enviar|programar|agendar|providenciar|liberar) (o |a |um |uma )?(pagamento|transferencia|pix|deposito|ted|doc|quitacao))\b/, { negatable: true, pastGuard: true, questionSensitive: true, ...PT }),
	r('pt.promise.futuro', 'promise', /\b(pagarei|pagaremos|transferirei|transferiremos|quitaremos|quitarei|liquidaremos|liquidarei|procederemos (ao|a) (pagamento|transferencia|liquidacao)|depositaremos|depositarei|efetuaremos|efetuarei|realizaremos|realizarei|acertaremos|liberaremos|(faremos|farei|enviaremos|enviarei|mandaremos|mandarei) (o |a |um |uma )?(pagamento|transferencia|pix|deposito|ted|doc))\b/, { negatable: true, ...PT }),
	r('pt.promise.sera-pago', 'promise', /\b(o pagamento|do pagamento|a transferencia|o pix|o deposito|o valor|o saldo|a fatura|o boleto|o restante|a ted)\b[^.?!]{0,20}\b((sera|vai ser|deve ser|devera ser) (pag[oa]|feit[oa]|efetuad[oa]|realizad[oa]|transferid[oa]|liberad[oa]|quitad[oa])|sai|saira|caira|deve (cair|sair|entrar)|vai (cair|sair|entrar))\b|\b(esta|foi|ja esta|ficou) (agendad[oa]|programad[oa]) (para|pra)\b|\b(pagamento|pix|boleto|transferencia) (agendad[oa]|programad[oa]) (para|pra)\b|\bprevisao( de pagamento| do pagamento| para o pagamento| de pagar)?( e| para| fica)\b/, { negatable: true, ...PT }),
	r('pt.promise.presente', 'promise', /\b(pago|pagamos|transfiro|transferimos|deposito|depositamos|quito|quitamos|acerto|acertamos|faco o pix|fazemos o pix|faco o pagamento|fazemos o pagamento)\b[^.?!]{0,40}\b(na (segunda|terca|quarta|quinta|sexta|proxima)|no (sabado|domingo|dia|fim|final|inicio|comeco)|amanha|hoje|depois de amanha|semana que vem|proxima semana|ate (o |a )?(dia|segunda|terca|quarta|quinta|sexta|fim|final|sabado)|dia \d|esta semana|nesta semana|em \w+ dias|sexta-feira|segunda-feira|terca-feira|quarta-feira|quinta-feira)|\b(amanha|hoje|depois de amanha) (pagamos|pago|transferimos|transfiro|depositamos|fazemos o pix|faco o pix)\b/, { negatable: true, pastGuard: true, ambiguousTense: true, ...PT }),
	// "não podemos pagar antes do dia 20", "não vamos pagar hoje, só na sexta": the match starts at the word the date follows
	r('pt.promise.nao-ate', 'promise', /(?<=\bnao (podemos|posso|conseguimos|consigo|vamos conseguir|conseguiremos|vamos|vou|iremos) pagar[^.?!]{0,20})\b(ate|antes|so|somente|apenas)\b|\b(so|somente|apenas) (vamos |podemos |conseguimos |conseguiremos |vou |posso |consigo )?(pagar|pagamos|pago|transferir|depositar|quitar) (na|no|dia|em|amanha|semana|ate|a partir)\b|\b(assim que|logo que|quando) (recebermos|tivermos|entrar|cair|o cliente pagar)\b/, PT),
	r('pt.promise.recebera', 'promise', /\b(recebera|receberao|vai receber|vao receber|tera|terao) (a |o |seu |sua |nosso |nossa )?(transferencia|pagamento|dinheiro|deposito|valor|pix)\b/, { negatable: true, ...PT }),
	r('pt.promise.transit', 'promise', /\b(deve|devera|vai|deveria) (chegar|cair|entrar|compensar|constar) (na|em|ate|amanha|hoje|sua|seu)\b/, { negatable: true, transit: true, ...PT }),
	r('pt.paid.ja', 'already_paid', /\bja (foi |esta |estao |foram |tinha sido |havia sido )?(pag[oa]s?|quitad[oa]s?|transferid[oa]s?|liquidad[oa]s?|compensad[oa]s?|debitad[oa]s?)\b|\bja (pagamos|paguei|transferimos|transferi|quitamos|quitei|depositamos|depositei|efetuamos|efetuei|realizamos|realizei|fizemos|fiz|enviamos|mandamos|acertamos)\b/, { ...PT }),
	r('pt.paid.foi', 'already_paid', /\b(pagamento|transferencia|pix|deposito|boleto|ted|doc|fatura|valor|debito)\b[^.?!]{0,20}\b(foi|ja foi|esta|ja esta|foram)( ja)? (feit|realizad|efetuad|pag|quitad|compensad|liquidad|transferid|debitad|processad)[oa]s?\b|\b(fizemos|fiz|realizamos|realizei|efetuamos|efetuei|enviamos|mandamos) (o|a|um|uma) (pagamento|transferencia|pix|deposito|ted|doc)\b|\b(segue|seguem|em anexo|anexo|anexei|anexamos|envio|enviamos|encaminho)\b[^.?!]{0,20}\bcomprova(?:nte|tivo)\b|\bcomprova(?:nte|tivo) (de|do|da) (pagamento|transferencia|pix|deposito)\b|\bprocedemos (a|ao) (transferencia|pagamento|liquidacao)\b|\b(pagamos|paguei|transferimos|transferi|depositamos|quitamos)\b[^.?!]{0,45}\b(ontem|anteontem|semana passada|mes passado|(na|no) (segunda|terca|quarta|quinta|sexta|sabado|domingo)(-feira)? passad[oa]|ha (um|uma|dois|duas|tres|\d+|alguns|algumas) (dias?|semanas?))\b|\bdeve(ria)?m? ter (chegado|caido|entrado|compensado)\b/, { negatable: true, futureGuard: true, ...PT }),
	r('pt.ooo.ferias', 'ooo', /\b(de ferias|em ferias|de volta (no dia|em|dia))\b/, PT),
	r('pt.question.invoice-missing', 'invoice_missing', /\bnao (recebemos|recebi) (a|sua|nenhuma|esta|essa|o) (fatura|boleto|nota fiscal|nota)\b|\b(fatura|boleto|nota fiscal)\b[^.?!]{0,20}\bnao (chegou|veio)\b|\bsegunda via\b/, PT),
	r('pt.question.request', 'question', /\b(poderiam|poderia|podem|pode|consegue|conseguem)\b[^.?!]{0,20}\b(enviar|mandar|reenviar|confirmar|informar|explicar|dizer|passar|esclarecer|verificar)\b|\b(como|onde|qual|quando|por que|porque) (posso|podemos|e|sao|devo|devemos|faco|fazemos)\b|\be possivel\b|\b(precisamos|preciso) (de )?(uma copia|a nota|o boleto|os dados)\b|\bcopia da fatura\b/, PT),
	r('any.question.mark', 'question', /[?¿]/),
];

/** Channels mentioned in an opt-out request. */
export const CHANNEL_WORDS: Array<[RegExp, 'sms' | 'email' | 'whatsapp' | 'phone']> = [
	[/\b(sms|texts?|texting|text messages?|textos?|mensajes de texto|textnachrichten|mensagens de texto|torpedos?)\b/, 'sms'],
	[/\b(e-?mails?|mails?|courriels?|correos?)\b/, 'email'],
	[/\bwhatsapp\b/, 'whatsapp'],
	[/\b(calls?|calling|anrufe?n?|appels?|llamadas?|llamen|phone|ligacoes|ligacao|liguem|telefonemas?)\b/, 'phone'],
];
