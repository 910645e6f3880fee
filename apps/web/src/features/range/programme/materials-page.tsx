/**
 * Teaching material: the course's lecture modules, each read slide by slide (notes and
 * citations shown, Japanese or English) and downloaded as PPTX, PDF or DOCX; instructors write
 * a module in Markdown and upload its images.
 */
import { Button } from '@mantine/core';
import type { Material, RenderedDeck } from '@renkei/contracts';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, apiUpload } from '../../../app/api.js';
import { Link } from '../../../app/router.js';
import { useQuery } from '../../../app/use-query.js';
import { ErrorAlert, TextArea, TextField } from '../../../components/ui.js';
import { useCourseRole } from './course-role.js';

export function MaterialsPage({ workspaceId }: { workspaceId: string }) {
  const { t } = useTranslation();
  const { isPlanner } = useCourseRole(workspaceId);
  const materials = useQuery<Material[]>(`/api/workspaces/${workspaceId}/materials`);
  const [open, setOpen] = useState<string>();
  const [editing, setEditing] = useState<Material | null>();
  return (
    <>
      <p>
        <Link to={`/workspaces/${workspaceId}/course`}>← {t('programme.course')}</Link>
      </p>
      <h1>{t('programme.materials')}</h1>
      <ErrorAlert error={materials.error} />
      {materials.data?.length === 0 && <p>{t('programme.noMaterials')}</p>}
      <ul>
        {(materials.data ?? []).map((material) => (
          <li key={material.id}>
            <Button variant="subtle" onClick={() => setOpen(material.id)}>
              {material.code} {material.title}
            </Button>
            {isPlanner && (
              <Button size="compact-xs" variant="default" onClick={() => setEditing(material)}>
                {t('programme.edit')}
              </Button>
            )}
          </li>
        ))}
      </ul>
      {isPlanner && editing === undefined && (
        <Button variant="default" onClick={() => setEditing(null)}>
          {t('programme.newMaterial')}
        </Button>
      )}
      {isPlanner && editing !== undefined && (
        <MaterialEditor
          key={editing?.id ?? 'new'}
          workspaceId={workspaceId}
          material={editing}
          onSaved={() => {
            setEditing(undefined);
            void materials.reload();
          }}
        />
      )}
      {open && <Deck key={open} materialId={open} />}
    </>
  );
}

function Deck({ materialId }: { materialId: string }) {
  const { t, i18n } = useTranslation();
  const [language, setLanguage] = useState<'ja' | 'en'>(i18n.language === 'en' ? 'en' : 'ja');
  const deck = useQuery<RenderedDeck>(`/api/materials/${materialId}/slides?lang=${language}`);
  const [index, setIndex] = useState(0);
  const slides = deck.data?.slides ?? [];
  const slide = slides[Math.min(index, Math.max(0, slides.length - 1))];
  return (
    <section aria-labelledby="deck-title" className="deck">
      <p>
        <Button size="compact-sm" variant={language === 'ja' ? 'filled' : 'default'} onClick={() => setLanguage('ja')}>
          日本語
        </Button>{' '}
        <Button size="compact-sm" variant={language === 'en' ? 'filled' : 'default'} onClick={() => setLanguage('en')}>
          English
        </Button>{' '}
        <a href={`/api/materials/${materialId}/export.pptx?lang=${language}`}>{t('programme.exportPptx')}</a> ·{' '}
        <a href={`/api/materials/${materialId}/export.pdf?lang=${language}`}>{t('programme.exportPdf')}</a> ·{' '}
        <a href={`/api/materials/${materialId}/export.docx?lang=${language}`}>{t('programme.exportDocx')}</a>
      </p>
      <ErrorAlert error={deck.error} />
      {slide && (
        <>
          <h2 id="deck-title">{slide.title}</h2>
          {/* Sanitised on the server (sanitize-html; images only from the material itself). */}
          <div className="slide" dangerouslySetInnerHTML={{ __html: slide.html }} />
          {slide.citations.length > 0 && (
            <p>
              <small>
                {t('programme.source')}: {slide.citations.join(' / ')}
              </small>
            </p>
          )}
          {slide.notes && (
            <details>
              <summary>{t('programme.notes')}</summary>
              <p>{slide.notes}</p>
            </details>
          )}
          <p>
            <Button variant="default" disabled={index === 0} onClick={() => setIndex((i) => i - 1)}>
              {t('programme.previous')}
            </Button>{' '}
            {t('programme.slideOf', { n: Math.min(index, slides.length - 1) + 1, total: slides.length })}{' '}
            <Button variant="default" disabled={index >= slides.length - 1} onClick={() => setIndex((i) => i + 1)}>
              {t('programme.next')}
            </Button>
          </p>
        </>
      )}
    </section>
  );
}

function MaterialEditor({
  workspaceId,
  material,
  onSaved,
}: {
  workspaceId: string;
  material: Material | null;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const [code, setCode] = useState(material?.code ?? '');
  const [title, setTitle] = useState(material?.title ?? '');
  const [titleEn, setTitleEn] = useState(material?.titleEn ?? '');
  const [markdownJa, setMarkdownJa] = useState(material?.markdownJa ?? '');
  const [markdownEn, setMarkdownEn] = useState(material?.markdownEn ?? '');
  const [error, setError] = useState<unknown>();
  async function save(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    const body = { code, title, titleEn: titleEn || null, markdownJa, markdownEn };
    try {
      if (material) await api('PUT', `/api/materials/${material.id}`, body);
      else await api('POST', `/api/workspaces/${workspaceId}/materials`, body);
      onSaved();
    } catch (caught) {
      setError(caught);
    }
  }
  async function upload(file: File) {
    if (!material) return;
    setError(undefined);
    try {
      await apiUpload(`/api/materials/${material.id}/images/${encodeURIComponent(file.name)}`, file, file.type, 'PUT');
    } catch (caught) {
      setError(caught);
    }
  }
  return (
    <form onSubmit={(event) => void save(event)}>
      <TextField label={t('programme.code')} value={code} onChange={(e) => setCode(e.target.value)} required />
      <TextField label={t('programme.title')} value={title} onChange={(e) => setTitle(e.target.value)} required />
      <TextField label={t('programme.titleEn')} value={titleEn} onChange={(e) => setTitleEn(e.target.value)} />
      <TextArea
        label={t('programme.markdownJa')}
        value={markdownJa}
        rows={14}
        onChange={(e) => setMarkdownJa(e.target.value)}
      />
      <TextArea
        label={t('programme.markdownEn')}
        value={markdownEn}
        rows={6}
        onChange={(e) => setMarkdownEn(e.target.value)}
      />
      {material && (
        <p>
          <label>
            {t('programme.images')}{' '}
            <input
              type="file"
              accept="image/png,image/jpeg"
              onChange={(e) => e.target.files?.[0] && void upload(e.target.files[0])}
            />
          </label>{' '}
          {material.images.join(', ')}
        </p>
      )}
      <ErrorAlert error={error} />
      <Button type="submit">{t('programme.save')}</Button>
    </form>
  );
}
