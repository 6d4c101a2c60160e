/**
 * RE2 patterns (DuckDB's regex engine) for noise, opt-out, opt-in and stated age, written for Mexican
 * Spanish as people type it on WhatsApp. They run on the normalised text (`normTextSql`): lower case,
 * accents stripped, every run of non-alphanumerics one space. RE2 has no backreferences and no
 * look-behind, so elongations ("holaaa", "bajaaa") are matched by letting every letter repeat, and
 * negations are separate patterns the SQL subtracts.
 */

/** 'hola' -> 'h+o+l+a+': matches 'hoolaaa' too. Spaces stay single. */
export function stretch(word: string): string {
  return word.split(' ').map((w) => w.replace(/[a-z]/g, (c) => `${c}+`)).join(' ');
}

function words(list: string[], stretched = true): string {
  return `(?:${list.map((w) => (stretched ? stretch(w) : w)).join('|')})`;
}

/** A whole message made only of `core` words (once or repeated: "STOP STOP"), optionally with `filler` words. */
function wholeMessage(core: string, filler: string): string {
  return `^(?:${filler} )*${core}(?: (?:${core}|${filler}))*$`;
}

/** How people text common words: "d" for de, "q"/"k" for que, "ia" for ya, "x" for por, "kiero"... */
const TEXTING: Record<string, string> = {
  de: '(?:de|d)', que: '(?:que|q|k|ke)', ya: '(?:ya|ia|lla)', por: '(?:por|x)', quiero: '(?:quiero|kiero|qiero)',
  queremos: '(?:queremos|keremos)', quisiera: '(?:quisiera|kisiera)', mensajes: '(?:mensajes|mensages|msjs|msj|mjs|mensajitos)',
  porque: '(?:porque|xq|pq|porq)', para: '(?:para|pa)', mas: '(?:mas|ma)', nada: '(?:nada|nda)', tambien: '(?:tambien|tmb|tb)',
  vamos: '(?:vamos|bamos)', hasta: '(?:hasta|asta)', estamos: '(?:estamos|tamos|stamos)', estoy: '(?:estoy|toy|stoy)',
  gracias: '(?:gracias|grax|grasias|gracia|grcs)', votar: '(?:votar|botar)', voto: '(?:voto|boto)', ustedes: '(?:ustedes|uds|ustds)',
  nosotros: '(?:nosotros|nosotras|nosotr)', usted: '(?:usted|ud)', voy: '(?:voy|boy|voi)', van: '(?:van|ban)', va: '(?:va|ba)',
};

/** Rewrites the plain words of a pattern into their texting variants (escapes like \\b and stretched words are left alone). */
export function texting(pattern: string): string {
  return pattern.replace(/\\[a-zA-Z]|[a-z]+/g, (token, offset: number, source: string) => {
    const variants = TEXTING[token];
    if (!variants || token.startsWith('\\')) return token;
    const next = source[offset + token.length];
    return next === '+' || next === '\\' || next === ']' ? token : variants;
  });
}

// ---------------------------------------------------------------- greetings and courtesy
const GREETING_WORDS = [
  'hola', 'holi', 'holis', 'ola', 'olis', 'buenas', 'buenos', 'buena', 'buen', 'wenas', 'wenos', 'dia', 'dias', 'tarde',
  'tardes', 'noche', 'noches', 'que', 'q', 'k', 'tal', 'onda', 'ondas', 'qonda', 'konda', 'hubo', 'quiubo', 'quihubo', 'kiubo',
  'quiubole', 'saludos', 'saludo', 'salu2', 'cordiales', 'cordial', 'atentamente', 'estimados', 'estimado', 'estimada', 'como',
  'esta', 'estan', 'estas', 'sta', 'stan', 'hey', 'hi', 'hello', 'alo', 'bueno', 'muy', 'a', 'todos', 'todas', 'to2', 'ustedes',
  'usted', 'gracias', 'grax', 'ok', 'oki', 'okey', 'okay', 'va', 'vale', 'sale', 'si', 'listo', 'enterado', 'enterada', 'mil',
  'muchas', 'igualmente', 'feliz', 'bonito', 'bonita', 'lindo', 'linda', 'mucho', 'gusto', 'amigo', 'amigos', 'amiga', 'amigas',
  'equipo', 'senor', 'senora', 'senores', 'sr', 'sra', 'lic', 'licenciado', 'licenciada', 'joven', 'y', 'para', 'pa', 'el',
  'la', 'los', 'las', 'de', 'd', 'nuevo', 'tambien', 'tmb', 'con', 'su', 'tu', 'les', 'le', 'te', 'mande', 'digame', 'diganme',
  'aqui', 'presente', 'ahi', 'ai', 'andamos', 'ando', 'hermosa', 'hermoso', 'fin', 'semana', 'finde', 'tengan', 'tenga',
  'disculpe', 'disculpen', 'disculpa', 'perdon', 'perdone', 'la', 'hora', 'molestia', 'molestar', 'hay', 'alguien', 'alguno',
  'me', 'leen', 'lee', 'escuchan', 'atienden', 'contestan', 'responden', 'por', 'favor', 'porfa', 'x', 'hi', 'oigan', 'oiga',
];
/** Greeting, courtesy or a ping only ("hola", "buenas tardes", "que tal", "hay alguien?"): nothing else in the message. */
export const GREETING_ONLY = `^${words(GREETING_WORDS)}(?: ${words(GREETING_WORDS)})*$`;

// ---------------------------------------------------------------- support and cheering
/** Declared support: a vote, help for the campaign, liking the proposals. Noise only when the message has no issue. */
export const SUPPORT = texting([
  `\\bvamos con todo\\b`, `\\bcuent[ae]n? con (?:mi|nuestro|nuestros|todo mi|el|mis|nuestra|toda mi) (?:voto|apoyo|votos|familia)`,
  `\\bcuent[ae]n? con (?:nosotros|todos|mi gente|mi familia)\\b`, `\\bcuent[ae]n? conmigo\\b`, `^(?:mucha )?fuerza(?: [a-z]+)?$`, `\\b(?:tienen|tiene|tienes) (?:mi|nuestro|nuestros|el|todo mi) (?:voto|apoyo|votos)\\b`,
  `\\b(?:estamos|estoy|seguimos|sigo|andamos|ando) (?:apoyando|con ustedes|con usted|de su lado)\\b`, `\\b(?:otro|un) voto (?:mas|seguro)\\b`,
  `\\b(?:mi|nuestro|el) (?:voto|apoyo) (?:es|va|esta|sera) (?:tuyo|suyo|con|para|seguro|de ustedes)`, `\\bvoto seguro\\b`,
  `\\b(?:te|los|la|lo|les) (?:apoyo|apoyamos|apoyare|apoyaremos|seguimos|sigo|seguire|respaldo|respaldamos)\\b`,
  `\\b(?:todo|todito) (?:mi|nuestro) (?:apoyo|respaldo)\\b`,
  `\\b(?:estamos|estoy|seguimos|sigo|vamos|voy) con (?:usted|ustedes|ella|el|tigo|la|su|todo)\\b`, `\\bcontigo\\b`, `\\bhasta el final\\b`,
  `\\bvamos a ganar\\b`, `\\bya ganamos\\b`, `\\bganaremos\\b`, `\\bvamos por (?:el triunfo|la victoria|todo|mas)\\b`,
  `\\b(?:va|van|vamos|voy) a votar (?:por|x)\\b`, `\\b(?:votare|votaremos|votamos|votaria|votariamos|votara|votaran) (?:por|x)\\b`,
  `\\bvot\\w* (?:por|x) (?:ustedes|usted|ti|ella|el)\\b`, `\\bconfi(?:o|amos) en (?:usted|ustedes|ti|ella|el)\\b`,
  `\\b(?:me|nos) (?:encant|gust)\\w* (?:las|sus|tus|la|su|el|tu) (?:propuesta|plan|programa|proyecto|candidat|discurso|debate)\\w*`,
  `\\b(?:buena|buenas|excelente|excelentes|muy buena|muy buenas) (?:propuesta|propuestas|plan|idea|ideas)\\b`,
  `\\bme apunto\\b`, `\\b(?:quiero|queremos) (?:ayudar|apoyar|participar|colaborar|ser voluntari\\w*)\\b`,
  `\\b(?:ayudar|apoyar|participar|colaborar) (?:en|con) (?:la|su|tu) campana\\b`,
  `\\bgracias por (?:tomarnos en cuenta|tomarme en cuenta|escuchar|escucharnos|su trabajo|todo|preocuparse|responder|la atencion|estar|su apoyo)\\b`,
  `\\b(?:la|el) mejor (?:opcion|candidat\\w*|propuesta)\\b`, `\\bes la buena\\b`, `\\bsi se puede\\b`, `\\bmi candidat[oa]\\b`,
  `\\bnuestr[oa] candidat[oa]\\b`, `\\bbuen trabajo\\b`, `\\bsigan asi\\b`, `\\bno (?:se )?rindan\\b`, `\\b(?:mucho|muchisimo) exito\\b`,
  `\\bfelicidades (?:candidat|por|a)\\w*`, `\\bmucha fuerza\\b`, `\\b(?:arriba|viva|vivan) (?:el|la|los|mi|nuestr)\\w*`,
].join('|'));
/** Cheering words that close many messages ("bendiciones", "adelante"): support only in a short message with nothing else. */
export const SUPPORT_SHORT = texting([
  `\\badelante\\b`, `\\barriba\\b`, `\\bviva\\b`, `\\banimo\\b`, `\\bexito\\w*`, `\\bdios (?:te|la|lo|los|les) bendiga\\b`,
  `\\bbendiciones\\b`, `\\bfelicidades\\b`, `\\bfelicitaciones\\b`, `\\bbravo\\b`, `\\bgracias\\b`,
].join('|'));
/** Emoji people use to cheer (flexed arm, fist, clapping, ballot box, raised hands, flag, heart, fire, star, V). */
export const SUPPORT_EMOJI = '[💪✊👊👏🙌🗳❤💚💙💜🇲🇽🔥⭐✌🏆🎉👍]';
/** Waving, handshake, folded hands: hello, thanks. */
export const GREETING_EMOJI = '[👋🙋🤝🙏]';
/** Emoji of mockery or disgust (clown, middle finger, poo, vomit, rat, thumbs down, snake): heckling when sent alone. */
export const MOCKING_EMOJI = '[🤡🖕💩🤮🐀👎🐍🤬🙄]';

// ---------------------------------------------------------------- spam and insults
/** A web address or link (on the raw lower-case text, where dots survive). */
export const RAW_LINK = `https?://|www\\.|\\b[a-z0-9-]+\\.(?:com|mx|net|org|info|xyz|ly|me|io|site|online|shop|store|link|app|gob)(?:\\.[a-z]{2})?\\b|bit\\.ly|wa\\.me|t\\.me`;
/** Profanity written with asterisks ("v*rga", "p*nd*jo"). */
export const RAW_CENSORED = `\\b[a-z]+\\*+[a-z]*\\b`;
const PROMO = [
  'gana', 'gane', 'ganar', 'gratis', 'promo', 'promocion', 'promociones', 'oferta', 'ofertas', 'descuento', 'descuentos',
  'premio', 'premios', 'sorteo', 'rifa', 'inversion', 'invierte', 'invertir', 'bitcoin', 'cripto', 'criptomonedas', 'prestamo',
  'prestamos', 'credito', 'creditos', 'ingresos', 'click', 'clic', 'registrate', 'registra', 'suscribete', 'siguenos', 'regalo',
  'regalamos', 'cupon', 'ganador', 'ganadora', 'loteria', 'forex', 'casino', 'apuesta', 'apuestas', 'compra', 'venta', 'vendo',
  'rebaja', 'liquidacion', 'envio', 'pedidos', 'catalogo', 'seguidores', 'likes', 'adelgaza', 'adelgazar', 'link', 'liga',
  'enlace', 'deposito', 'depositaron', 'deposita', 'apoyo', 'beca', 'bono', 'curp', 'entra', 'ingresa', 'descarga',
];
/** Spam: a link with promotional words; sales, scams, chain letters and get-rich offers even without a link. */
export const SPAM = texting([
  `\\b(?:gana|ganar|genera|generar|duplica|duplicar|multiplica|triplica) (?:tu |su )?(?:dinero|lana|\\d+|desde casa|en dolares|dolares|ingresos)\\b`,
  `\\bdinero (?:facil|rapido|extra)\\b`, `\\b(?:trabaja|trabajar|trabajo) desde (?:casa|tu casa|tu celular)\\b`,
  `\\bingresos? (?:extra|extras|pasivos?)\\b`, `\\bsin salir de (?:casa|tu casa)\\b`, `\\b(?:haz|da|dale|de) (?:click|clic)\\b`,
  `\\bfelicidades (?:has|usted ha|ha) (?:sido|ganado)\\b`, `\\b(?:invierte|invertir|inversion) (?:en )?(?:bitcoin|cripto\\w*|forex|acciones)\\b`,
  `\\bvendo\\b`, `\\b(?:se vende|se venden|se renta|se rentan)\\b`, `\\bpedidos (?:por|al|aqui|inbox|whats)\\b`, `\\bsin compromiso\\b`,
  `\\bsiguenos en\\b`, `\\binformes (?:al|por|inbox)\\b`, `\\bcatalogo\\b`,
  `\\b(?:entra|ingresa|registrate|registra tus datos|registra tu curp) (?:a |en )?(?:este |esta |el |la )?(?:link|liga|enlace|pagina)\\b`,
  `\\b(?:envia|reenvia|manda|comparte|pasa|pasalo|enviale|mandalo) (?:este mensaje |esta cadena |esto )?a (?:\\d+|diez|quince|veinte|todos tus|tus) (?:personas|contactos|amigos|grupos)\\b`,
  `\\bsi (?:lo|la) (?:rompes|ignoras|borras)\\b`, `\\b(?:prestamos?|creditos?) (?:sin buro|sin aval|inmediatos?|rapidos?|faciles?|al instante|personales|en minutos)\\b`,
  `\\baprobacion inmediata\\b`, `\\b(?:escribe|escribeme|manda|pide|envia) (?:info|informes|inbox)\\b`, `\\b(?:mala suerte|buena suerte) (?:por|durante)\\b`, `\\bhackeamos\\b|\\bhackead[oa]\\b`,
].join('|'));
/** Promotional words; spam when the message also has a link (RAW_LINK). */
export const PROMO_WORDS = `\\b(?:${PROMO.join('|')})\\b`;
const INSULTS = [
  'pendej*', 'idiota*', 'estupid*', 'imbecil*', 'cabron*', 'chinga*', 'chingue*', 'verga*', 'puto', 'putos', 'puta', 'putas',
  'mierda*', 'culero*', 'culera*', 'ojete*', 'mamon*', 'mamado*', 'mamada*', 'lacra*', 'maldito*', 'maldita*', 'pinche*',
  'jodan*', 'jodete', 'escoria*', 'payaso*', 'payasa*', 'rata', 'ratas', 'ratero*', 'ratera*', 'hdp', 'ptm', 'alv',
  'vendepatria*', 'vendido*', 'vendida*', 'huevon*', 'baboso*', 'babosa*', 'naco*', 'naca*', 'zorra*', 'asco*', 'asqueros*',
  'ignorante*', 'inutil*', 'mentiroso*', 'mentirosa*', 'hipocrita*', 'ladron*', 'corrupto*', 'farsante*', 'sinverguenza*',
  'largate', 'largense', 'vayanse', 'callate', 'callense',
];
/** Insults, profanity and heckling; noise only when the message carries no issue (the SQL checks that). */
export const INSULT = [
  `\\b(?:${INSULTS.map((w) => (w.endsWith('*') ? `${stretch(w.slice(0, -1))}\\w*` : stretch(w))).join('|')})\\b`,
  texting(`\\b(?:puro|pura|puros|puras) (?:circo|show|teatro|mentira\\w*|rollo|cuento\\w*|promesa\\w*|grilla|faramalla)\\b`),
  texting(`\\b(?:son|estan|todos son|son todos|todos) (?:todos |bien )?(?:iguales|lo mismo|la misma cosa|unos)\\b`),
  texting(`\\b(?:que|pinche|pura) (?:flojera|hueva|weva|pereza|flojerita)\\b`), texting(`\\bni (?:los|la|lo) conozco\\b`),
  texting(`\\bnadie (?:les|te) cree\\b`), texting(`\\bno (?:les|te) creo\\b`), texting(`\\b(?:dejen|deja) de (?:robar|mentir)\\b`),
].join('|');
/** One letter typed five or more times in a row ("prrrrr", "kkkkkkk"): keyboard noise when little else is said. */
export const REPEATED_CHARS = `(?:${'abcdefghijklmnopqrstuvwxyz'.split('').map((c) => `${c}{5,}`).join('|')})`;
/** Keyboard mashing: rows of the keyboard typed as a word. */
export const KEYBOARD_MASH = `^(?:[asdfghjklñ]{5,}|[qwertyuiop]{5,}|[zxcvbnm]{5,}|asd\\w*|qwe\\w*|jsj\\w*|[a-z]*(?:xd){2,}[a-z]*)$`;
/** Laughter or keyboard noise only. */
export const LAUGH_ONLY = `^(?:(?:j+[aeiou]+)+j*|(?:h+[ae]+)+h*|x+d+|lo+l|a+|asd\\w*|jsj\\w*|\\.+)(?: (?:(?:j+[aeiou]+)+j*|(?:h+[ae]+)+h*|x+d+|lo+l))*$`;

// ---------------------------------------------------------------- opt-out and opt-in
const POLITE = words(['por favor', 'porfavor', 'porfa', 'favor', 'plis', 'please', 'pls', 'x fa', 'xfa', 'x favor', 'xfavor', 'gracias', 'ya', 'ia', 'ok', 'no', 'mas', 'nomas', 'que', 'q', 'me', 'mi', 'numero']);
const OPTOUT_COMMAND = words(['baja', 'stop', 'alto', 'unsubscribe', 'cancelar', 'cancela', 'cancelen', 'salir', 'darme de baja', 'dar de baja', 'dame de baja', 'denme de baja', 'de baja', 'fuera', 'remover', 'end', 'quit', 'cancel', 'optout', 'opt out', 'no molestar', 'no mas mensajes', 'eliminar', 'borrar']);
const SEND_VERBS = [
  'escriban', 'escribas', 'escriba', 'manden', 'mandes', 'mande', 'envien', 'envies', 'envie', 'molesten', 'molestes', 'moleste',
  'contacten', 'contactes', 'contacte', 'llamen', 'llames', 'marquen', 'spameen', 'spamees', 'agreguen', 'incluyan', 'textees',
  'textien', 'saturen', 'llenen', 'fastidien', 'chinguen',
].join('|');
const STOP_VERBS = 'escribir|escribirme|escribirnos|mandar|mandarme|mandarnos|enviar|enviarme|enviarnos|molestar|molestarme|contactar|contactarme|llamar|llamarme|marcarme|spamear|spamearme|saturar|saturarme|chingar|fastidiar';
const REMOVE_VERBS = 'sacame|saquenme|sacarme|sacar|saquen|saque|borrame|borrenme|borrarme|borrar|borren|borra|quitame|quitenme|quitarme|quitar|quiten|quita|eliminame|eliminenme|eliminarme|eliminar|eliminen|elimina|excluyanme|excluirme|remuevanme|removerme|remuevan|darme|den|denme|dar|doy|dan';
const LIST_NOUNS = 'lista|listas|base|bases|grupo|grupos|difusion|difusiones|contactos|directorio|registro|registros|padron|campana|mensajes|chat|chats|whats|whatsapp|wasap|sistema|envios|boletin|newsletter|comunicados';
/** A message that asks to stop receiving messages. */
export const OPTOUT = texting([
  wholeMessage(OPTOUT_COMMAND, POLITE),
  `\\b(?:dar|darme|darnos|dame|denme|den|des|doy|damos|dan|darle|darlo|darla|pueden dar|puede dar) (?:me |nos |le )?de ${stretch('baja')}\\b`,
  `\\b(?:bajenme|bajame|bajarme|bajeme)\\b`,
  `\\b(?:favor de |por favor |porfa )?no (?:enviar|mandar|escribir|contactar|molestar)(?:me|nos|le)? (?:mas |ningun |otro |otros )?(?:mensajes?|informacion|info|propaganda|publicidad|nada)\\b`,
  `\\b(?:quiero|queremos|solicito|pido|pedir|solicitar|tramitar|tramiten|procesen|hagan|hacer|aplicar|apliquen|confirmo|confirmar) (?:mi |la |una |su )?${stretch('baja')}\\b`,
  `\\b${stretch('baja')} (?:de|del|a|para|en)(?: (?:mi|este|esta|la|las|su|sus|tu|el|los))? (?:numero|numeros|telefono|cel|celular|${LIST_NOUNS})\\b`,
  `\\b${stretch('baja')} (?:por favor|porfavor|porfa|plis|xfa|gracias)\\b`,
  `\\bno (?:me |nos )?(?:${SEND_VERBS})\\b`,
  `\\bno (?:me |nos )?(?:vuelv\\w*|volver|sigan|sigas|sigue|siga|seguir) (?:a )?(?:${STOP_VERBS}|${SEND_VERBS}|agregar\\w*|incluir\\w*|mandando|escribiendo|enviando|molestando|contactando)\\b`,
  `\\b(?:dejen|deja|dejes|dejar|dejaran|pueden dejar|podrian dejar|favor de dejar) de (?:${STOP_VERBS})\\b`,
  `\\bno (?:quiero|queremos|deseo|deseamos|necesito|me interesa|nos interesa|me interesan|nos interesan|autorizo|autorizamos|acepto|aceptamos|permito|doy permiso|damos permiso) (?:seguir |volver a |ya |mas )?(?:recibir|recibiendo|que me (?:${SEND_VERBS}|sigan|vuelvan)|que (?:${SEND_VERBS})|sus mensajes|mas mensajes|mensajes|su informacion|informacion|propaganda|publicidad|spam|nada de ustedes|estar en|sus|tus|los|estos|este tipo)`,
  `^(?:ya )?no me interesa(?:n)?(?: (?:gracias|por favor|porfa))?$`,
  `\\b(?:${REMOVE_VERBS}) (?:me |mi numero |mi telefono |mi contacto |este numero |de )?(?:de|del) (?:la |las |sus |su |esta |este |tu |el |los |estos |estas )?(?:${LIST_NOUNS})\\b`,
  `\\b(?:borren|borra|borrar|borrame|eliminen|elimina|eliminar|quiten|quita|quitar|saquen|saca|sacar) (?:mi|mis|este) (?:numero|numeros|contacto|telefono|cel|celular|dato|datos|registro)\\b`,
  `\\b(?:desuscribir\\w*|desuscrib\\w*|unsubscribe|darse de baja|cancelar (?:la |mi )?(?:suscripcion|mensajes|notificaciones|envios))\\b`,
  `\\b(?:ya )?no (?:mas|quiero mas) (?:mensajes|msjs|msj|spam|propaganda|publicidad)\\b`, `\\bbasta de (?:mensajes|spam|propaganda)\\b`,
  `\\bstop (?:mensajes|messages|sms|spam|ya|por favor|porfa|please|all)\\b`,
].join('|'));
/** Forms that would match OPTOUT but say the opposite ("no me den de baja", "no me saquen del grupo"). */
export const OPTOUT_NEGATED = texting(`\\bno (?:me |nos |quiero |deseo |queria )*(?:den|dar|darme|darse|des|doy|saquen|saques|sacar|borren|borres|borrar|quiten|quites|quitar|eliminen|elimines|eliminar) (?:de baja|de la|de las|del|de los|de su|de sus|de esta|de este|mi)\\b`);
const OPTIN_COMMAND = words(['alta', 'start', 'suscribir', 'suscribirme', 'subscribe', 'activar', 'reactivar', 'alta de nuevo', 'de alta', 'darme de alta', 'dar de alta', 'si quiero', 'quiero volver', 'unstop']);
/** Forms that would match OPTIN but refuse ("no me vuelvan a escribir", "no quiero recibir"). */
export const OPTIN_NEGATED = `\\bno (?:me |nos |les )?(?:vuelv|volver|(?:qu|k)ier|dese|agreg|suscrib|activ|manden|escriban|envien|gustaria|autoriz|acept|permit)`;
/** A message that asks to receive messages (again). */
export const OPTIN = texting([
  wholeMessage(OPTIN_COMMAND, POLITE),
  `\\b(?:dar|darme|darnos|dame|denme|den|des|doy|damos|dan|darle) (?:me |nos |le )?de ${stretch('alta')}\\b`,
  `\\b(?:quiero|queremos|solicito|pido|pedir|solicitar|tramitar) (?:mi |la |una |su )?${stretch('alta')}\\b`,
  `\\b(?:(?:qu|k)iero|(?:qu|k)eremos|deseo|me gustaria|(?:qu|k)isiera|si (?:qu|k)iero) (?:volver a |seguir |de nuevo |otra vez |nuevamente )?(?:recibir|recibiendo|estar en|que me (?:escriban|manden|envien|agreguen|incluyan)|suscribirme|unirme|regresar)`,
  `\\b(?:vuelv\\w*|volver|regres\\w*) a (?:mandar|escribir|enviar|agregar|incluir|contactar|recibir|suscribir|estar en|la lista|el grupo)\\w*`,
  `\\b(?:re)?activ(?:ar|en|a|enme|ame|arme)\\w* (?:los |mis |sus |el |la |mi )?(?:mensajes|msjs|notificaciones|envios|suscripcion|alertas|numero|contacto|boletin)\\b`,
  `\\bya (?:pueden|puedes) (?:volver a |seguir )?(?:mandarme|escribirme|enviarme|mandar|escribir|enviar)\\b`,
  `\\b(?:re)?suscrib(?:ir|irme|anme|ame|o|e)\\b`, `\\b(?:agreguenme|agregame|incluyanme|incluirme|agregarme|metanme) (?:de nuevo|otra vez|nuevamente|a la|al|en la|en el)\\b`,
  `\\b(?:me|nos) (?:quiero |quisiera )?(?:re)?(?:suscribo|uno|apunto|anoto) (?:de nuevo|otra vez|nuevamente|a la|al|a su|en la)\\b`,
].join('|'));

// ---------------------------------------------------------------- stated age
const AGE_UNIT = '(?:anos|anios|anitos|ano|abriles|primaveras)';
/** Words before a number that is the writer's age when "años" follows. */
const AGE_PREFIX = [
  'tengo', 'tenemos', 'ya tengo', 'tengo ya', 'cumpli', 'cumplo', 'cumplire', 'voy a cumplir', 'acabo de cumplir', 'a mis',
  'con mis', 'de mis', 'en mis', 'mis', 'edad de', 'edad', 'mi edad es de', 'mi edad es', 'tengo la edad de',
].join('|');
/** Words before a number that is the writer's age even with no "años" after it ("tengo 38 y ..."). */
const AGE_PREFIX_BARE = ['tengo', 'ya tengo', 'tengo ya', 'cumpli', 'acabo de cumplir', 'voy a cumplir', 'mi edad es', 'edad'].join('|');
/**
 * Someone stating their own age: "tengo 23 años", "a mis 67 años", "soy una señora de 70 años", "soy mamá
 * soltera de 43 años", "34 años de edad", "tengo 38 y ...", "cumplí 18". Each match carries up to three
 * following words so the SQL can drop durations and counts (`AGE_NOT_AN_AGE`).
 */
export const STATED_AGE = [
  `\\b(?:${AGE_PREFIX}) (\\d{2}) ${AGE_UNIT}(?: [a-z0-9]+){0,3}`,
  `\\b(?:${AGE_PREFIX_BARE}) (\\d{2})(?: [a-z0-9]+){0,3}`,
  `\\b(?:soy|somos) (?:[a-z]+ ){1,3}(?:de|d) (\\d{2}) ${AGE_UNIT}(?: [a-z0-9]+){0,3}`,
  `\\b(\\d{2}) ${AGE_UNIT} de edad\\b`,
].join('|');
const UNITS = ['', 'uno', 'dos', 'tres', 'cuatro', 'cinco', 'seis', 'siete', 'ocho', 'nueve'];
const TENS: Array<[string, number]> = [['treinta', 30], ['cuarenta', 40], ['cincuenta', 50], ['sesenta', 60], ['setenta', 70], ['ochenta', 80], ['noventa', 90]];
/** Ages written in words, as the normalised text has them: 'dieciocho' 18 … 'noventa y nueve' 99. */
export const AGE_WORDS: ReadonlyMap<string, number> = new Map<string, number>([
  ['dieciseis', 16], ['diecisiete', 17], ['dieciocho', 18], ['diecinueve', 19], ['veinte', 20],
  ...UNITS.slice(1).map((u, i): [string, number] => [`veinti${u}`, 21 + i]), ['veintiun', 21],
  ...TENS.flatMap(([word, n]) => [[word, n] as [string, number], ...UNITS.slice(1).map((u, i): [string, number] => [`${word} y ${u}`, n + 1 + i])]),
]);
/** An age in words after the same openings as STATED_AGE ("tengo treinta y dos años"); group 1 is the words. */
export const STATED_AGE_IN_WORDS = `\\b(?:${'tengo|ya tengo|cumpli|voy a cumplir|acabo de cumplir|a mis|con mis|mis'}) (${[...AGE_WORDS.keys()].sort((x, y) => y.length - x.length).join('|')}) (?:anos|anios|anitos|abriles|primaveras)(?: [a-z0-9]+){0,2}`;

/** Counted things that are not years ("tengo 15 meses buscando chamba", "tengo 20 pesos"). */
const NOT_YEARS = [
  'mes', 'meses', 'dia', 'dias', 'semana', 'semanas', 'hora', 'horas', 'hrs', 'minutos', 'min', 'pesos', 'varos', 'dolares',
  'hijos', 'hijas', 'hijitos', 'nietos', 'nietas', 'ninos', 'ninas', 'chamacos', 'morros', 'kilos', 'kg', 'litros', 'mil',
  'millones', 'personas', 'gentes', 'vecinos', 'cuadras', 'km', 'kilometros', 'metros', 'vacas', 'animales', 'hectareas',
  'trabajadores', 'empleados', 'familias', 'casas', 'cuartos', 'veces', 'por ciento', 'porciento', 'grados', 'cm', 'quincenas',
  'recibos', 'llamadas', 'reportes', 'denuncias', 'perros', 'gatos', 'pacientes', 'alumnos', 'materias', 'de fiebre',
].join('|');
/** Durations: "tengo 20 años viviendo aquí", "en mis 30 años de servicio". */
const DURATION_FOLLOWERS = [
  'viviendo', 'trabajando', 'esperando', 'pagando', 'sin', 'con', 'en', 'aqui', 'alla', 'de vivir', 'de trabajar', 'de servicio',
  'de casad\\w*', 'de antiguedad', 'de experiencia', 'de cotizar', 'de estar', 'de ser', 'de pagar', 'de luchar', 'de votar',
  'laborando', 'rentando', 'cotizando', 'luchando', 'votando', 'buscando', 'sufriendo', 'batallando', 'pidiendo', 'manejando',
  'dando', 'de matrimonio', 'casad\\w*', 'juntos', 'atras', 'de espera', 'esperamos', 'de lo mismo', 'de promesas',
  'de abandono', 'de gobierno', 'de la misma', 'cuidando', 'criando', 'dedicad\\w*', 'de maestr\\w*', 'de docente', 'de medic\\w*',
  'de enfermer\\w*', 'de policia', 'de chofer', 'de taxista', 'sirviendo',
].join('|');
/** A STATED_AGE match that is a count or a duration after all. */
export const AGE_NOT_AN_AGE = `^[a-z ]*\\d\\d (?:${NOT_YEARS})\\b|\\d\\d ${AGE_UNIT} (?:${DURATION_FOLLOWERS})\\b`;
/** A STATED_AGE_IN_WORDS match that is a duration ("tengo treinta años viviendo aquí"). */
export const AGE_WORDS_DURATION = `\\b${AGE_UNIT} (?:${DURATION_FOLLOWERS})\\b`;

/** A birth year stated in a message ("nací en 1998", "soy del 85"): group 1 is the year, 2 or 4 digits. */
export const STATED_BIRTH_YEAR = `\\b(?:naci|naci yo|yo naci|naci en el ano|soy (?:del|de) (?:ano )?|soy generacion|generacion) (?:en )?(?:el )?(?:ano )?(19[3-9]\\d|20[01]\\d|[3-9]\\d)\\b`;
/** Life-stage words that suggest an age band with low confidence: [pattern, representative age, confidence]. */
export const AGE_HINTS: ReadonlyArray<readonly [string, number, number]> = [
  [`\\b(?:soy|somos|estoy|estamos|como) (?:un |una |unos |unas )?(?:jubilad[oa]s?|pensionad[oa]s?|adult[oa]s? mayor(?:es)?|de la tercera edad|persona de la tercera edad|abuelit[oa]s?)\\b|\\bya (?:estoy|estamos) (?:jubilad|pensionad|viej)\\w*|\\bmi pension (?:de|del) (?:adulto mayor|imss|issste|bienestar)|\\b(?:los|nosotros los) (?:jubilados|pensionados|viejitos|adultos mayores) como (?:yo|nosotros)\\b`, 70, 0.4],
  [`\\b(?:soy|somos) (?:un |una )?(?:estudiante|estudiantes|alumn[oa]s?|universitari[oa]s?|preparatorian[oa]s?|chav[oa]s? de prepa)\\b|\\b(?:estudio|estudiamos|voy|vamos) (?:en )?(?:la )?(?:prepa|preparatoria|uni|universidad|bachillerato|carrera|cbtis|conalep|cetis|unam|ipn)\\b|\\b(?:mi primer voto|primera vez que (?:voy a )?vot\\w*|voy a votar por primera vez|votare por primera vez|mi primera votacion|mi primera eleccion)\\b`, 20, 0.3],
];
