// extra
const label = 'é';
